-- heimdall:when no-timescaledb
-- Plain PostgreSQL: the same daily view as a materialized view; the MetricsWriter refreshes it and applies retention.
create materialized view if not exists measurements_daily as
select date_trunc('day', captured_at) as day,
       receiver_id,
       count(*)                 as measurement_count,
       avg(snr_db)              as avg_snr_db,
       min(snr_db)              as min_snr_db,
       max(snr_db)              as max_snr_db,
       avg(frequency_offset_hz) as avg_frequency_offset_hz,
       avg(power_dbfs)          as avg_power_dbfs
from measurements
group by 1, 2;

create unique index if not exists measurements_daily_day_receiver_idx on measurements_daily (day, receiver_id);
