using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Grains.Settings;

/// <summary>
/// Binds each options class of this folder once from the <c>FinkXmatch</c> section and checks it when the host starts
/// (<c>ValidateOnStart</c>), so that a setting that cannot work stops the start with one line naming its key. The host
/// calls this once; the API and the grains take the <c>IOptions&lt;T&gt;</c> they need.
/// </summary>
public static class SettingsServiceCollectionExtensions
{
    public static IServiceCollection AddFinkXmatchSettings(this IServiceCollection services)
    {
        Add<DataDirectoryOptions, DataDirectoryOptionsValidator>(services);
        Add<DatalakeOptions, DatalakeOptionsValidator>(services);
        Add<KafkaOptions, KafkaOptionsValidator>(services);
        Add<JobOptions, JobOptionsValidator>(services);
        Add<LimitOptions, LimitOptionsValidator>(services);
        Add<RetentionOptions, RetentionOptionsValidator>(services);
        return services;
    }

    private static void Add<TOptions, TValidator>(IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(FinkXmatchSection.Name).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
