-- FinkXmatch: schema for the Orleans ADO.NET providers (10.4.2) on PostgreSQL, part 1 of 4 (apply first).
--
-- The Orleans providers keep no SQL of their own: at start they read every statement they will ever run from the
-- table below, by key, and bind parameters by name (@DeploymentId, @GrainIdHash, ...) and read columns by name.
-- The four scripts of this folder were written for FinkXmatch against that contract (the 10.4.2 packages ship no
-- scripts). They need PostgreSQL 12 or later and are applied automatically by the service when the tables are
-- missing (`--storage postgres://...`); an operator may also apply them by hand with psql, in file-name order:
-- Main, Clustering, Persistence, Reminders.
CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
