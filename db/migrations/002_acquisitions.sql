-- One row per acquisition id (the idempotency key), claimed by the Acquirer before any capture starts.
create table if not exists acquisitions (
    acquisition_id     uuid primary key,
    status             text not null check (status in ('rejected', 'capturing', 'completed', 'partial', 'failed')),
    requested_at       timestamptz not null default now(),
    started_at         timestamptz,
    captured_at        timestamptz,  -- every receiver has reported (captured or failed) to the Acquirer
    completed_at       timestamptz,  -- every receiver is stored or failed; AcquisitionCompleted was published
    frequency_hz       double precision,
    sample_rate_hz     double precision,
    duration_seconds   double precision,
    start_at           timestamptz,
    receivers_expected integer,
    receivers_stored   integer not null default 0,
    receivers_failed   integer not null default 0,
    receiver_ids       integer[] not null default '{}',
    reasons            text[] not null default '{}',
    requested_by       text
);

create index if not exists acquisitions_requested_at_idx on acquisitions (requested_at desc);

-- Each receiver's outcome, recorded once: completion is counted from here however often a message arrives.
create table if not exists acquisition_receivers (
    acquisition_id uuid not null,
    receiver_id    integer not null,
    outcome        text not null check (outcome in ('stored', 'failed')),
    detail         text,
    recorded_at    timestamptz not null default now(),
    primary key (acquisition_id, receiver_id)
);
