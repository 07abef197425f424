-- Receivers of the network and the bands each one covers.
create table if not exists receivers (
    receiver_id      integer primary key,
    name             text not null unique,
    kind             text not null check (kind in ('simulated', 'kiwisdr', 'openwebrx', 'rtl_tcp', 'file')),
    url              text not null,
    latitude         double precision not null check (latitude between -90 and 90),
    longitude        double precision not null check (longitude between -180 and 180),
    altitude_m       double precision,
    min_frequency_hz double precision not null check (min_frequency_hz > 0),
    max_frequency_hz double precision not null check (max_frequency_hz >= min_frequency_hz),
    sample_rate_hz   double precision not null check (sample_rate_hz > 0),
    calibration_db   double precision,
    timeout_seconds  double precision not null default 10 check (timeout_seconds > 0),
    retry_count      integer not null default 2 check (retry_count between 0 and 10),
    enabled          boolean not null default true,
    updated_at       timestamptz not null default now()
);

-- Additive: a receiver may cover several disjoint bands inside [min_frequency_hz, max_frequency_hz].
-- A receiver without rows here covers the whole [min, max] range.
create table if not exists receiver_bands (
    receiver_id      integer not null references receivers (receiver_id) on delete cascade,
    min_frequency_hz double precision not null check (min_frequency_hz > 0),
    max_frequency_hz double precision not null,
    primary key (receiver_id, min_frequency_hz),
    check (max_frequency_hz >= min_frequency_hz)
);

-- The reference network (north-west Italy), seeded as simulated receivers so a fresh install works offline.
-- calibration_db is the power at the antenna port, in dBm, that reads as 0 dBFS.
insert into receivers (receiver_id, name, kind, url, latitude, longitude, altitude_m,
                       min_frequency_hz, max_frequency_hz, sample_rate_hz, calibration_db, timeout_seconds, retry_count)
values
    (1, 'Aquila di Giaveno', 'simulated', 'sim://aquila-di-giaveno', 45.0200, 7.2900, 600, 144e6, 440e6, 12000, -60, 10, 2),
    (2, 'Montanaro',         'simulated', 'sim://montanaro',         45.2340, 7.8570, 220, 144e6, 440e6, 12000, -60, 10, 2),
    (3, 'Torino',            'simulated', 'sim://torino',            45.0440, 7.6720, 250, 144e6, 440e6, 12000, -60, 10, 2),
    (4, 'Coazze',            'simulated', 'sim://coazze',            45.0300, 7.2700, 750, 144e6, 440e6, 12000, -60, 10, 2),
    (5, 'Passo del Giovi',   'simulated', 'sim://passo-del-giovi',   44.5610, 8.9560, 470, 144e6, 440e6, 12000, -60, 10, 2),
    (6, 'Genova',            'simulated', 'sim://genova',            44.3950, 8.9560, 100, 144e6, 440e6, 12000, -60, 10, 2),
    (7, 'Milano - Baggio',   'simulated', 'sim://milano-baggio',     45.4780, 9.1230, 120, 144e6, 440e6, 12000, -60, 10, 2)
on conflict (receiver_id) do nothing;

insert into receiver_bands (receiver_id, min_frequency_hz, max_frequency_hz)
select r.receiver_id, b.min_hz, b.max_hz
from receivers r
cross join (values (144e6::double precision, 146e6::double precision), (430e6, 440e6)) as b (min_hz, max_hz)
where r.receiver_id between 1 and 7
on conflict do nothing;
