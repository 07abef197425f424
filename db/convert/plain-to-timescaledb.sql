-- Converts a Heimdall database made on plain PostgreSQL (the no-timescaledb variants of db/migrations) into the
-- layout the TimescaleDB variants (004, 007) create: measurements becomes a hypertable with 1-day chunks (its rows are
-- moved into chunks), compressed after 7 days segmented by receiver, with a 30-day retention policy first run a day later
-- (the MetricsWriter applies MetricsWriter:RetentionDays at its next start), and the two daily views become continuous aggregates with refresh policies.
--
-- When: once, in a maintenance window, after TimescaleDB 2.28.3 is installed on the server and preloaded
-- (shared_preload_libraries), with the services stopped. Time and lock: create_hypertable copies every row and holds
-- an exclusive lock on measurements meanwhile (about a minute per few million rows). Take a backup first.
-- How: as the schema owner (the role that ran the migrations), in two steps; see docs/timescaledb.md:
--   psql -v ON_ERROR_STOP=1 -1 -f db/convert/plain-to-timescaledb.sql          (this part, in one transaction)
--   psql -v ON_ERROR_STOP=1 -c "call refresh_continuous_aggregate('measurements_daily', null, null)" \
--                           -c "call refresh_continuous_aggregate('measurements_daily_detection', null, null)"
-- then `Heimdall.MetricsWriter migrate` as the owner with MetricsWriter:ServiceRole set, so the services' role is granted
-- the new aggregates. schema_migrations is left as it was: 004 and 007 stay recorded as skipped (their effect is what
-- this script produced), and migrations added later apply their TimescaleDB variant.

create extension if not exists timescaledb;

-- The plain materialized views give way to continuous aggregates of the same name and columns.
drop materialized view if exists measurements_daily_detection;
drop materialized view if exists measurements_daily;

select create_hypertable('measurements', 'captured_at', chunk_time_interval => interval '1 day', migrate_data => true);

alter table measurements set (timescaledb.compress, timescaledb.compress_segmentby = 'receiver_id',
                              timescaledb.compress_orderby = 'captured_at desc');
select add_compression_policy('measurements', interval '7 days');
-- Its first run a day from now: the MetricsWriter replaces it with MetricsWriter:RetentionDays at its next start, so a
-- database kept longer than 30 days loses nothing to this placeholder (it ran at once before, in the same minute).
select add_retention_policy('measurements', interval '30 days', initial_start => now() + interval '1 day');

create materialized view measurements_daily
with (timescaledb.continuous) as
select time_bucket(interval '1 day', captured_at) as day,
       receiver_id,
       count(*)                 as measurement_count,
       avg(snr_db)              as avg_snr_db,
       min(snr_db)              as min_snr_db,
       max(snr_db)              as max_snr_db,
       avg(frequency_offset_hz) as avg_frequency_offset_hz,
       avg(power_dbfs)          as avg_power_dbfs
from measurements
group by 1, 2
with no data;

create materialized view measurements_daily_detection
with (timescaledb.continuous) as
select time_bucket(interval '1 day', captured_at) as day,
       receiver_id,
       count(*) filter (where signal_detected)    as detected_count
from measurements
group by 1, 2
with no data;

-- First run in an hour, so that it does not collide with the one-off full refresh that follows this script.
select add_continuous_aggregate_policy('measurements_daily',
                                       start_offset => interval '3 days', end_offset => interval '1 hour',
                                       schedule_interval => interval '1 hour', initial_start => now() + interval '1 hour');
select add_continuous_aggregate_policy('measurements_daily_detection',
                                       start_offset => interval '3 days', end_offset => interval '1 hour',
                                       schedule_interval => interval '1 hour', initial_start => now() + interval '1 hour');
