-- Converts a Heimdall database made on plain PostgreSQL (the no-timescaledb variants of db/migrations) into the
-- layout the TimescaleDB variants create, by running those variants themselves: 004_timescale.sql and
-- 007_signal_detection_timescale.sql, included below unchanged (psql's \ir), so nothing of them is repeated here.
-- measurements becomes a hypertable with 1-day chunks (its rows are moved into chunks), compressed after 7 days
-- segmented by receiver, with a retention policy, and the two daily views become continuous aggregates with refresh
-- policies.
--
-- When: once, in a maintenance window, after TimescaleDB 2.28.3 is installed on the server and preloaded
-- (shared_preload_libraries), with the services stopped. Time and lock: create_hypertable copies every row and holds
-- an exclusive lock on measurements meanwhile (about a minute per few million rows). Take a backup first.
-- How: as the schema owner (the role that ran the migrations), in two steps, from the repository (the includes are
-- found beside this file); see docs/timescaledb.md:
--   psql -v ON_ERROR_STOP=1 -1 -f db/convert/plain-to-timescaledb.sql          (this part, in one transaction)
--   psql -v ON_ERROR_STOP=1 -c "call refresh_continuous_aggregate('measurements_daily', null, null)" \
--                           -c "call refresh_continuous_aggregate('measurements_daily_detection', null, null)"
-- then `Heimdall.MetricsWriter migrate` as the owner with MetricsWriter:ServiceRole set, so the services' role is granted
-- the new aggregates. schema_migrations is left as it was: 004 and 007 stay recorded as skipped (their effect is what
-- this script produced), and migrations added later apply their TimescaleDB variant.

-- What the plain variants made that the TimescaleDB ones make their own way: the materialized views (005, 006) give
-- way to continuous aggregates of the same names and columns, and 006's null-rule constraint to 007's (the same rule).
drop materialized view if exists measurements_daily_detection;
drop materialized view if exists measurements_daily;
alter table measurements drop constraint if exists measurements_signal_metrics_null_rule;

\ir ../migrations/004_timescale.sql

-- 004's retention policy (30 days) would first run within the minute; its first run is a day from now instead: the
-- MetricsWriter replaces it with MetricsWriter:RetentionDays at its next start, so a database kept longer than 30 days
-- loses nothing to this placeholder.
select alter_job(job_id, next_start => now() + interval '1 day')
from timescaledb_information.jobs where proc_name = 'policy_retention' and hypertable_name = 'measurements';

\ir ../migrations/007_signal_detection_timescale.sql

-- The aggregates' refresh policies first run in an hour, so that they do not collide with the one-off full refresh
-- that follows this script.
select alter_job(job_id, next_start => now() + interval '1 hour')
from timescaledb_information.jobs
where proc_name = 'policy_refresh_continuous_aggregate' and hypertable_name in ('measurements_daily', 'measurements_daily_detection');
