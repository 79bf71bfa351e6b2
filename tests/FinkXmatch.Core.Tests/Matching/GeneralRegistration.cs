using FinkXmatch.Core.Matching;

namespace FinkXmatch.Core.Tests.Matching;

/// <summary>An index built with the general registration (<see cref="HealpixIndex.GeneralRegistrationForTests"/>), to compare with the one-sort build.</summary>
internal static class GeneralRegistration
{
    public static HealpixIndex Build(Func<HealpixIndex> build)
    {
        HealpixIndex.GeneralRegistrationForTests = true;
        try
        {
            return build();
        }
        finally
        {
            HealpixIndex.GeneralRegistrationForTests = false;
        }
    }
}
