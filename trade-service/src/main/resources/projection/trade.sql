-- One generation of the trade read model; every per-event row belongs to the event that added it (event_id, with
-- when it was recorded; the runtime indexes every table by it), and the running totals are folded from those rows by
-- the runtime (TradeProjection.totals()).
-- A retracted event's rows are moved aside (<table>_retracted) for answers as known before the retraction.

-- A reported flow, completed where its figures determine the rest (the *_derived flags say which).
-- Several reports of one reporter, partner and period: the latest recorded wins (a revision).
create table trade_report (
    event_id        uuid    not null,
    recorded timestamptz not null,
    sequence        bigint  not null,
    reporter        text    not null,
    partner         text    not null,
    period          text    not null,
    period_start    date    not null,
    period_end      date    not null,
    exports_usd     numeric,
    imports_usd     numeric,
    total_usd       numeric,
    balance_usd     numeric,
    exports_derived boolean not null,
    imports_derived boolean not null,
    total_derived   boolean not null,
    balance_derived boolean not null
);

-- A route as registered on a date; a later registration of the same route id (new transit
-- countries, say) applies from its own date.
create table route_registration (
    event_id      uuid    not null,
    recorded timestamptz not null,
    sequence      bigint  not null,
    route_id      text    not null,
    name          text    not null,
    kind          text    not null,
    origin        text    not null,
    destination   text,
    transit       text[]  not null,
    length_km     numeric,
    capacity      numeric,
    capacity_unit text,
    operator      text,
    status        text    not null,
    occurred      date    not null,
    occurred_text text    not null
);

create table route_status (
    event_id      uuid   not null,
    recorded timestamptz not null,
    sequence      bigint not null,
    route_id      text   not null,
    status        text   not null,
    capacity      numeric,
    occurred      date   not null,
    occurred_text text   not null
);

create table shipment (
    event_id      uuid    not null,
    recorded timestamptz not null,
    sequence      bigint  not null,
    exporter      text    not null,
    importer      text    not null,
    commodity     text    not null,
    quantity      numeric not null,
    unit          text    not null,
    value_usd     numeric,
    route_id      text,
    occurred      date    not null,
    occurred_text text    not null
);

-- Running totals of shipments (RunningTotals) per exporter, commodity, unit and route ('' when unknown) at the
-- grains 'T' (all time), 'X' (decade), 'Y', 'M' and 'D' (period = first day): an exposure window is a few ranges of these per
-- route, and one open at its start the all-time row less what came after its end (PeriodCover.upTo).
create table shipment_total (
    exporter  text    not null,
    commodity text    not null,
    unit      text    not null,
    route_id  text    not null,
    grain     text    not null,
    period    date    not null,
    quantity  numeric not null,
    shipments bigint  not null,
    primary key (exporter, commodity, grain, period, unit, route_id)
);

-- Shares a source reports; shown beside the computed exposure, never mixed into it.
create table export_share (
    event_id     uuid    not null,
    recorded timestamptz not null,
    exporter     text    not null,
    commodity    text    not null,
    dimension    text    not null,
    key          text    not null,
    share        numeric not null,
    period       text    not null,
    period_start date    not null,
    period_end   date    not null
);
