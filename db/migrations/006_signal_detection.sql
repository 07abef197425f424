-- heimdall:when no-timescaledb
-- Signal detection (plain PostgreSQL; 007_signal_detection_timescale.sql is the TimescaleDB variant).
-- A capture that holds only noise is stored with signal_detected = false and NULL snr_db, frequency_offset_hz and
-- occupied_bandwidth_hz, instead of numbers measured on noise. Rows written before this migration were all measured
-- as signals: they read signal_detected = true (a constant default, so adding the column rewrites nothing).
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

-- measurements_daily is unchanged: its avg/min/max(snr_db) and avg(frequency_offset_hz) skip the NULLs of no-signal
-- captures, and measurement_count still counts every capture. How many of them held a signal (the sample size of
-- those averages) is this companion view, additive, per the same day and receiver; the MetricsWriter refreshes both.
create materialized view if not exists measurements_daily_detection as
select date_trunc('day', captured_at)            as day,
       receiver_id,
       count(*) filter (where signal_detected) as detected_count
from measurements
group by 1, 2;

create unique index if not exists measurements_daily_detection_day_receiver_idx on measurements_daily_detection (day, receiver_id);
