using FinkXmatch.Grains.Settings;
using Microsoft.Extensions.Options;

namespace FinkXmatch.Silo.Hosting;

/// <summary>
/// What <c>finkxmatch api</c> (<see cref="FrontEnd"/>) cannot do without, beyond what the service checks: the broker
/// its silos write to (the embedded one would be its own, empty) and their datalake, against which it checks requests.
/// </summary>
public sealed class FrontEndSettingsValidator : IValidateOptions<KafkaOptions>, IValidateOptions<DatalakeOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsEmbedded
            ? ValidateOptionsResult.Fail("finkxmatch api needs --kafka HOST:PORT: the broker its silos write to")
            : ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, DatalakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsEmpty
            ? ValidateOptionsResult.Fail("finkxmatch api needs --datalake: the silos' datalake, against which it checks requests")
            : ValidateOptionsResult.Success;
    }
}
