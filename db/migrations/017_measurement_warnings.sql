-- What a capture went through (additive, issue 17 finding 4): every warning it earned and how many attempts its
-- receiver took, kept with its measurement as they are in its recording's heimdall:timing (warnings, attempts). Same on
-- plain PostgreSQL and TimescaleDB: both columns are nullable without a default, which a hypertable with compressed
-- chunks takes as it is (a default would be remembered only by the compressed chunks' metadata; see
-- 007_signal_detection_timescale.sql), and the daily aggregates do not read them.

-- One sentence per warning (a late or retried start with each failed attempt's reason, a wait for a receiver channel,
-- stale or absent GNSS, sequence gaps, ...), '{}' when the capture earned none. The MetricsWriter writes '{}' for an
-- IqArchived from a producer older than the field; NULL only in rows stored before this migration (their recording's
-- heimdall:timing.warnings has them, where it was written).
alter table measurements add column if not exists warnings text[];

-- Attempts the receiver took to deliver the capture (1 when the first succeeded); NULL when unknown: rows stored before
-- this migration and IqArchived from producers older than the field.
alter table measurements add column if not exists attempts smallint;
