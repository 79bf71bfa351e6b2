using FinkXmatch.Core.Os;
using FinkXmatch.Silo.Cli;

// The native `finkxmatch-cli`: the job verbs of `finkxmatch` alone (the service is the managed executable's).
// A crossmatch's thread-pool workers start on the other core while this thread builds and parses the command line.
if (args is ["xmatch", ..]) PoolThreadsAhead.Start(Environment.ProcessorCount);
var root = CliApp.Root("finkxmatch-cli: the command-line jobs of finkxmatch (xmatch, datalake generate, index build, " +
    "conesearch, region, kafka serve, transfer) as a native executable; the service is the managed finkxmatch's");
foreach (var verb in CliApp.JobVerbs()) root.Subcommands.Add(verb);
root.Subcommands.Add(CliApp.HelpCommand(root));
return await CliApp.MainAsync(root, args);
