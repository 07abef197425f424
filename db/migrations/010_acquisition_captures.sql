-- Nothing lost under faults (additive). Same on plain PostgreSQL and TimescaleDB.
--
-- acquisition_captures: the receivers of an acquisition whose outcome the Acquirer has published (an IqCaptured or a
-- ReceiverCaptureFailed), recorded right after the publication. A capture resumed after a crash, a restart or an outage
-- captures only the receivers not recorded here, so a receiver is captured (and archived) once however often its
-- request is redelivered.
create table if not exists acquisition_captures (
    acquisition_id uuid not null,
    receiver_id    integer not null,
    outcome        text not null check (outcome in ('captured', 'failed')),
    iq_sha512      text,
    reported_at    timestamptz not null default now(),
    primary key (acquisition_id, receiver_id)
);

-- The instant after which the MetricsWriter completes an acquisition that still misses receivers (partial or failed,
-- a reason per missing receiver) instead of waiting for ever; set by the Acquirer when it claims the request from the
-- start, the duration, the receivers' timeouts and retries, and Acquirer:CompletionGraceSeconds. NULL on rows claimed
-- before this migration (the MetricsWriter then takes start_at + duration + MetricsWriter:DefaultDeadlineMinutes).
alter table acquisitions add column if not exists deadline_at timestamptz;

create index if not exists acquisitions_open_deadline_idx on acquisitions (deadline_at) where completed_at is null and status = 'capturing';
