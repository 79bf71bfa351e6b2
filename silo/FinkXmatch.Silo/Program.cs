// The `finkxmatch` executable: the service host (no verb) and the command-line verbs of CONTRACT §5.
// The service and the verbs land issue by issue; until then it says what it will do.
Console.WriteLine("""
    FinkXmatch: crossmatch astronomical catalogs with Fink alerts.
    This build holds the core library (HEALPix, coordinates, catalog readers). The service will run here:
    Orleans silo + HTTP API on http://127.0.0.1:5080 + Orleans dashboard + embedded Kafka + a demo datalake.
    """);
return 0;
