using FinkXmatch.Silo.Cli;

// The `finkxmatch` executable: the service host (no verb, or only options) and the command-line verbs of CONTRACT §5.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (CliApp.IsVerb(args)) return await CliApp.RunAsync(args, cancel.Token);

// The service host lands with issue 6; until then it says what it will run.
Console.WriteLine("""
    FinkXmatch: crossmatch astronomical catalogs with Fink alerts.
    The service will run here: Orleans silo + HTTP API on http://127.0.0.1:5080 + Orleans dashboard + embedded Kafka
    + a demo datalake. Today this build offers the command-line verbs: run 'finkxmatch help'.
    """);
return 0;
