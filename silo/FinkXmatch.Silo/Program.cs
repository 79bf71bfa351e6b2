using FinkXmatch.Silo.Cli;

// The `finkxmatch` executable: the service host (no verb, or only options) and the command-line verbs of CONTRACT §5.
return await CliApp.MainAsync(ServiceCli.CreateRoot(), args);
