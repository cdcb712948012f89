-- Bookkeeping of the projection runtime, shared by every projection of a service. The read
-- models themselves live in one schema per generation (<name>_g<N>), created by the runtime
-- from the projection's own DDL, so a rebuild can fill a new generation beside the serving one.
create table projection_state (
    name           text        primary key,
    serving_schema text        not null,
    generation     int         not null,
    switched_at    timestamptz not null
);

create table dead_letters (
    id          bigserial   primary key,
    projection  text        not null,
    topic       text        not null,
    partition   int         not null,
    "offset"    bigint      not null,
    record_key  text,
    value       bytea,
    reason      text        not null,
    failed_at   timestamptz not null,
    status      text        not null default 'parked',
    retried_at  timestamptz,
    unique (projection, topic, partition, "offset")
);
