using FinkXmatch.Silo.Cli;

// The `finkxmatch` executable: the service host (no verb, or only options) and the command-line verbs of CONTRACT §5.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CliApp.RunAsync(args, cancel.Token);
