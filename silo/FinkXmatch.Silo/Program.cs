using FinkXmatch.Silo.Cli;
using FinkXmatch.Silo.Hosting;

// The `finkxmatch` executable: the service host (no verb, or only options) and the command-line verbs of CONTRACT §5.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (CliApp.IsVerb(args)) return await CliApp.RunAsync(args, cancel.Token);
return await ServiceHost.RunAsync(args, cancel.Token);
