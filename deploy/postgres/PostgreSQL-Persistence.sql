-- FinkXmatch: Orleans grain state on PostgreSQL, part 3 of 4 (after PostgreSQL-Main.sql).
--
-- One row per (service, grain type, grain id). Version is the state's ETag: a write names the version it read and
-- succeeds only if the row still has it (optimistic concurrency); the answer is the new version, or the old one
-- (which Orleans reports as a conflict) when nothing was written. Payloads are Orleans' binary serialization.

CREATE TABLE OrleansStorage
(
    GrainIdHash            integer NOT NULL,
    GrainIdN0              bigint  NOT NULL,
    GrainIdN1              bigint  NOT NULL,
    GrainTypeHash          integer NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea NULL,
    ModifiedOn             timestamptz(3) NOT NULL,
    Version                integer NULL
);

-- The lookup path, and at most one row per grain even when two activations race to create it.
CREATE UNIQUE INDEX IX_OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, coalesce(GrainIdExtensionString, ''));

CREATE FUNCTION fx_storage_write(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type varchar, p_grain_id_extension varchar, p_service_id varchar, p_version integer, p_payload bytea)
RETURNS integer
LANGUAGE plpgsql AS
$body$
DECLARE
    changed integer;
BEGIN
    IF p_version IS NULL THEN
        -- Never read a row: create it, unless another activation did first.
        INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                    GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
                p_grain_id_extension, p_service_id, p_payload, now(), 1)
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS changed = ROW_COUNT;
        RETURN CASE WHEN changed > 0 THEN 1 END;
    END IF;

    UPDATE OrleansStorage
       SET PayloadBinary = p_payload, ModifiedOn = now(), Version = Version + 1
     WHERE GrainIdHash = p_grain_id_hash AND GrainTypeHash = p_grain_type_hash
       AND GrainIdN0 = p_grain_id_n0 AND GrainIdN1 = p_grain_id_n1
       AND ServiceId = p_service_id AND GrainTypeString = p_grain_type
       AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
       AND Version = p_version;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN CASE WHEN changed > 0 THEN p_version + 1 ELSE p_version END;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT fx_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                            @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
           AS NewGrainStateVersion;
'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
'),
-- Clear keeps the row (and its version history) but drops the payload.
('ClearStorageKey', '
    UPDATE OrleansStorage
       SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
'),
-- Used instead of ClearStorageKey only when a storage is configured with DeleteStateOnClear (FinkXmatch is not):
-- removes the row of the version the grain holds.
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion;
');
