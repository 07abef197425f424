-- Indexes of the read side (Heimdall.Api).
--
-- Recent measurements are listed newest first by (captured_at, acquisition_id, receiver_id). A hypertable has an index on
-- captured_at already (created by create_hypertable, named like this one, so this statement leaves it alone); plain
-- PostgreSQL had none, so the listing without a receiver filter read the whole window.
create index if not exists measurements_captured_at_idx on measurements (captured_at desc);

-- SNR statistics and frequency drift read every capture of a receiver in a window: with the metrics they aggregate in
-- the index, that is an index-only scan (no heap page per row once vacuumed). It has the key of
-- measurements_receiver_time_idx (003), which it replaces: a B-tree is read in both directions, so
-- "where receiver_id = $1 order by captured_at desc" uses it as before.
create index if not exists measurements_receiver_time_metrics_idx
    on measurements (receiver_id, captured_at) include (signal_detected, snr_db, frequency_offset_hz);
drop index if exists measurements_receiver_time_idx;
