-- The event store of record: append-only. Sequence numbers are taken from store_position under its
-- row lock inside the appending transaction, so commits happen in sequence order and no number is
-- ever skipped (a rolled-back append rolls the counter back with it).
create table event_store (
    sequence       bigint      primary key,
    id             uuid        not null unique,
    stream         text        not null,
    stream_version bigint      not null,
    type           text        not null,
    topic          text        not null,
    -- first day of data.occurredOn: the day the event starts to count
    occurred_from  date        not null,
    recorded_at    timestamptz not null,
    actors         text[]      not null,
    -- the key later events refer to: treatyId of a signing, routeId of a registration,
    -- the retracted event's id of a retraction
    entity_key     text,
    content_sha256 bytea       not null,
    -- the CloudEvent exactly as published
    envelope       text        not null,
    constraint event_store_stream_version unique (stream, stream_version)
);

create index event_store_actors on event_store using gin (actors);
create index event_store_type on event_store (type, sequence);
create index event_store_entity on event_store (type, entity_key) where entity_key is not null;

create table store_position (
    id            int    primary key check (id = 1),
    last_sequence bigint not null
);
insert into store_position values (1, 0);

-- How far each relay has published, in store sequence.
create table relay_cursor (
    name              text        primary key,
    published_through bigint      not null,
    updated_at        timestamptz not null
);

create function event_store_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'event_store is append-only: % is not allowed', tg_op;
end;
$$;

create trigger event_store_append_only
    before update or delete or truncate on event_store
    for each statement execute function event_store_is_append_only();
