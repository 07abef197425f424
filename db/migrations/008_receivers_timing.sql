-- Real receivers (additive): per-kind settings, the health the Acquirer probes, the cool-down a refusing server puts a
-- receiver in, and how each capture's start time was obtained. Same on plain PostgreSQL and TimescaleDB.

-- Settings of the receiver's kind (KiwiSDR password and gain, rtl_tcp gain and ppm, replay speed, ...), validated by the
-- kind's driver when a receiver is registered or changed; '{}' means the driver's defaults.
alter table receivers add column if not exists settings jsonb not null default '{}'::jsonb;
alter table receivers add constraint receivers_settings_is_object check (jsonb_typeof(settings) = 'object');

-- One row per probe: reachability and what the server said of itself. The Acquirer probes each enabled receiver at
-- most every few minutes and deletes probes older than 30 days.
create table if not exists receiver_health (
    receiver_id integer not null references receivers (receiver_id) on delete cascade,
    probed_at   timestamptz not null default now(),
    reachable   boolean not null,
    latency_ms  double precision,
    users       integer,
    users_max   integer,
    gnss        text,
    version     text,
    detail      text not null,
    primary key (receiver_id, probed_at)
);

create index if not exists receiver_health_probed_at_idx on receiver_health (probed_at);

-- A receiver whose server refused us in a way that asks for patience (KiwiSDR ip_limit, too_busy): the next
-- acquisitions skip it, naming the cool-down, without connecting, until 'until'.
create table if not exists receiver_cooldowns (
    receiver_id integer primary key references receivers (receiver_id) on delete cascade,
    until       timestamptz not null,
    reason      text not null,
    recorded_at timestamptz not null default now()
);

-- gnss, host-clock or recorded (CaptureTiming.Source); NULL for rows stored before the field existed.
alter table measurements add column if not exists timing_source text;
