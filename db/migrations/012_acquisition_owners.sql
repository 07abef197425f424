-- One writer per table (additive; the same on plain PostgreSQL and TimescaleDB).
--
-- Before, the Acquirer claimed a request by writing its row of acquisitions (with receivers_expected and deadline_at),
-- and the MetricsWriter completed the acquisition by reading those columns. Now acquisitions and acquisition_receivers
-- belong to the acquisition's owner, the MetricsWriter, which writes them from the messages alone (AcquisitionStarted,
-- AcquisitionRejected, AcquisitionCaptured, IqArchived, ReceiverCaptureFailed); the Acquirer keeps its own record of the
-- requests it answered here, beside acquisition_captures (010), and reads nothing of the owner's.

-- acquisition_claims: how the Acquirer answered each request id (its idempotency key). A duplicate of a rejected request
-- is answered again with the same reasons; a duplicate of a captured one is ignored; an accepted one not captured yet
-- (its consumer died, or waited out an outage) is resumed, leaving out the receivers in acquisition_captures.
create table if not exists acquisition_claims (
    acquisition_id uuid primary key,
    status         text not null check (status in ('accepted', 'rejected')),
    reasons        text[] not null default '{}',
    claimed_at     timestamptz not null default now(),  -- when the Acquirer answered: AcquisitionStarted/Rejected.requestedAtUtc
    captured_at    timestamptz                          -- every receiver's outcome published (AcquisitionCaptured)
);

-- The requests answered before this migration, from what the Acquirer wrote into acquisitions. An acquisition that is
-- finished (by its receivers or its deadline) counts as captured: a late duplicate of it is ignored, as it was.
insert into acquisition_claims (acquisition_id, status, reasons, claimed_at, captured_at)
select acquisition_id,
       case when status = 'rejected' then 'rejected' else 'accepted' end,
       reasons,
       requested_at,
       case when status in ('completed', 'partial', 'failed') then coalesce(captured_at, completed_at) else captured_at end
from acquisitions
on conflict (acquisition_id) do nothing;

-- acquisition_completions: the completion's outbox. The statement that completes an acquisition (its status, counts and
-- completed_at) records the AcquisitionCompleted to publish here, in the same transaction; it is published after the
-- commit and marked published_at once the broker has it. A completion still unpublished a while later (the process died
-- between the commit and the publication, or the broker was away) is published again by the MetricsWriter's sweep, with
-- the same MessageId. Completions from before this migration were published inside their transaction: none is here.
create table if not exists acquisition_completions (
    acquisition_id      uuid primary key,
    status              text not null check (status in ('completed', 'partial', 'failed')),
    receivers_stored    integer not null,
    receivers_failed    integer not null,
    stored_receiver_ids integer[] not null,
    failed_receiver_ids integer[] not null,
    elapsed_ms          bigint not null,
    completed_at        timestamptz not null default now(),
    published_at        timestamptz
);

create index if not exists acquisition_completions_unpublished_idx on acquisition_completions (completed_at) where published_at is null;
