-- Scheduled captures (issue 17, finding 1). A request whose start is more than Acquirer:ScheduleLeadSeconds ahead is
-- acknowledged at once instead of being held unacknowledged until its start (RabbitMQ takes back a delivery held past
-- its consumer_timeout, 30 min by default, and a start may be up to an hour ahead). The Acquirer keeps the request here
-- with its start, and its scheduler sends it back to the acquisition-requested queue when the start is
-- ScheduleLeadSeconds away (dispatched_at). A claim whose start has passed when its capture could begin is not captured
-- at another time: its receivers are reported failed, saying so.
alter table acquisition_claims add column if not exists start_at timestamptz;          -- the requested start (scheduled requests)
alter table acquisition_claims add column if not exists scheduled_request jsonb;       -- the request, to send again before the start
alter table acquisition_claims add column if not exists dispatched_at timestamptz;     -- sent back to the queue for its capture

create index if not exists acquisition_claims_due on acquisition_claims (start_at)
    where scheduled_request is not null and dispatched_at is null and captured_at is null;
