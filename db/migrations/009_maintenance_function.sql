-- Retention and the daily views, for a service that connects as a least-privilege role (MetricsWriter:ServiceRole).
-- Deleting old rows needs only DELETE, but refreshing a materialized view and changing a TimescaleDB policy need the
-- owner; this function runs as its owner (the role that applied the migrations), does exactly that and nothing else.
--
-- Plain PostgreSQL: deletes measurements older than retention_days, refreshes measurements_daily and
-- measurements_daily_detection, and returns the number of rows deleted.
-- TimescaleDB: makes the retention policy of measurements drop chunks older than retention_days (its job deletes
-- them; the continuous aggregates have their own refresh policies) and returns NULL.
create or replace function heimdall_apply_retention(retention_days integer) returns bigint
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
    deleted bigint;
    wanted  interval := make_interval(days => retention_days);
begin
    if retention_days is null or retention_days < 1 then
        raise exception 'heimdall_apply_retention: retention_days must be at least 1 (got %)', retention_days
            using errcode = 'invalid_parameter_value';
    end if;

    if exists (select 1 from pg_extension where extname = 'timescaledb') then
        -- Replace the policy only when it differs, so that its job (and its history) stays the same one.
        if not exists (select 1 from timescaledb_information.jobs
                       where proc_name = 'policy_retention' and hypertable_name = 'measurements'
                         and (config ->> 'drop_after')::interval = wanted) then
            perform remove_retention_policy('measurements', if_exists => true);
            perform add_retention_policy('measurements', wanted);
        end if;
        return null;
    end if;

    delete from measurements where captured_at < now() - wanted;
    get diagnostics deleted = row_count;
    refresh materialized view concurrently measurements_daily;
    refresh materialized view concurrently measurements_daily_detection;
    return deleted;
end
$$;

revoke execute on function heimdall_apply_retention(integer) from public;
