-- heimdall:when timescaledb
-- Hypertable with 1-day chunks, compression after 7 days segmented by receiver, 30-day retention
-- (the MetricsWriter re-applies the configured retention at start) and a continuous daily aggregate.
create extension if not exists timescaledb;

select create_hypertable('measurements', 'captured_at',
                         chunk_time_interval => interval '1 day', if_not_exists => true, migrate_data => true);

alter table measurements set (timescaledb.compress, timescaledb.compress_segmentby = 'receiver_id',
                              timescaledb.compress_orderby = 'captured_at desc');
select add_compression_policy('measurements', interval '7 days', if_not_exists => true);
select add_retention_policy('measurements', interval '30 days', if_not_exists => true);

create materialized view if not exists measurements_daily
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

select add_continuous_aggregate_policy('measurements_daily',
                                       start_offset => interval '3 days', end_offset => interval '1 hour',
                                       schedule_interval => interval '1 hour', if_not_exists => true);
