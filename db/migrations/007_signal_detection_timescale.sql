-- heimdall:when timescaledb
-- Signal detection on the hypertable (the TimescaleDB variant of 006_signal_detection.sql; same columns, constraint
-- and companion aggregate).
--
-- TimescaleDB before 2.18 refuses ALTER COLUMN ... DROP NOT NULL on a hypertable with compression enabled, whether or
-- not any chunk is compressed ("operation not supported on hypertables that have compression enabled";
-- timescale/timescaledb#7455 lifted it in November 2024, after 2.17.2). ADD COLUMN with a constant default is allowed
-- on compressed hypertables since 2.6, but compressed chunks then only remember the default, which a VACUUM FULL can
-- lose (timescale/timescaledb#8091). So compression is suspended around the change, on every version alike: the policy
-- removed, the compressed chunks decompressed (at most the 7..30-day-old chunks), compression disabled; afterwards
-- compression is enabled again with the settings of 004_timescale.sql and the policy re-added, which compresses those
-- chunks again on its next run, now with the column stored in them.
select remove_compression_policy('measurements', if_exists => true);
select count(decompress_chunk(c, if_compressed => true)) from show_chunks('measurements') c;
alter table measurements set (timescaledb.compress = false);

alter table measurements
    add column if not exists signal_detected boolean not null default true,
    alter column snr_db drop not null,
    alter column frequency_offset_hz drop not null,
    alter column occupied_bandwidth_hz drop not null;

-- The null rule of the contract: the three signal metrics are NULL exactly when no signal was detected.
alter table measurements add constraint measurements_signal_metrics_null_rule check (
    (snr_db is not null) = signal_detected
    and (frequency_offset_hz is not null) = signal_detected
    and (occupied_bandwidth_hz is not null) = signal_detected);

alter table measurements set (timescaledb.compress, timescaledb.compress_segmentby = 'receiver_id',
                              timescaledb.compress_orderby = 'captured_at desc');
select add_compression_policy('measurements', interval '7 days', if_not_exists => true);

-- measurements_daily is left as it is (recreating a continuous aggregate would lose the days it keeps beyond the raw
-- retention): its avg/min/max(snr_db) and avg(frequency_offset_hz) skip NULLs. The companion aggregate counts the
-- captures that held a signal, with the same refresh policy. FILTER in continuous aggregates needs TimescaleDB 2.7+.
create materialized view if not exists measurements_daily_detection
with (timescaledb.continuous) as
select time_bucket(interval '1 day', captured_at) as day,
       receiver_id,
       count(*) filter (where signal_detected)    as detected_count
from measurements
group by 1, 2
with no data;

select add_continuous_aggregate_policy('measurements_daily_detection',
                                       start_offset => interval '3 days', end_offset => interval '1 hour',
                                       schedule_interval => interval '1 hour', if_not_exists => true);
