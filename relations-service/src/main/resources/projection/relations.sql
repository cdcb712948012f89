-- One generation of the relations read model. Every row belongs to the event that added it
-- (event_id), so a retraction deletes exactly that event's rows. Answers are computed from these
-- rows at query time; weights are applied then too, so changing a weight needs no rebuild.

-- Each dyadic contribution of an event: an unordered pair (a < b), what it weighs (weight_key, a
-- key of multivector.relations.weights), and how many times (an exercise's count).
create table dyad_event (
    event_id   uuid    not null,
    a          text    not null,
    b          text    not null,
    occurred   date    not null,
    type       text    not null,
    weight_key text    not null,
    multiplier int     not null
);
-- Covering indexes: a dyad's or an actor's answer is summed from the index alone.
create index dyad_event_pair on dyad_event (a, b, occurred) include (event_id, type, weight_key, multiplier);
create index dyad_event_a on dyad_event (a, occurred) include (b, weight_key, multiplier);
create index dyad_event_b on dyad_event (b, occurred) include (a, weight_key, multiplier);
create index dyad_event_id on dyad_event (event_id);

-- Every event, for timelines and the events shown beside an answer.
create table event_log (
    event_id uuid   not null,
    sequence bigint not null,
    type     text   not null,
    occurred date   not null,
    actors   text[] not null,
    envelope jsonb  not null
);
create index event_log_actors on event_log using gin (actors);
-- newest first: the latest events of a busy pair are found walking back from a date
create index event_log_occurred on event_log (occurred, sequence);
create index event_log_id on event_log (event_id);

create table membership_change (
    event_id      uuid    not null,
    sequence      bigint  not null,
    member        text    not null,
    organization  text    not null,
    role          text    not null,
    joined        boolean not null,
    occurred      date    not null,
    occurred_text text    not null,
    until         date,
    until_text    text
);
create index membership_change_member on membership_change (member);
create index membership_change_org on membership_change (organization);
create index membership_change_id on membership_change (event_id);

create table treaty_signing (
    event_id       uuid   not null,
    treaty_id      text   not null,
    title          text   not null,
    kind           text   not null,
    parties        text[] not null,
    signed         date   not null,
    signed_text    text   not null,
    in_force_from  date,
    place          text
);
create index treaty_signing_treaty on treaty_signing (treaty_id);
create index treaty_signing_parties on treaty_signing using gin (parties);
create index treaty_signing_id on treaty_signing (event_id);

create table treaty_termination (
    event_id        uuid not null,
    treaty_id       text not null,
    party           text,
    terminated      date not null,
    terminated_text text not null,
    reason          text
);
create index treaty_termination_treaty on treaty_termination (treaty_id);
create index treaty_termination_id on treaty_termination (event_id);

create table election (
    event_id    uuid    not null,
    country     text    not null,
    kind        text    not null,
    body        text,
    held        date    not null,
    held_text   text    not null,
    early       boolean,
    turnout_pct numeric,
    results     jsonb   not null
);
create index election_country on election (country, held);
create index election_id on election (event_id);

create table office_term (
    event_id      uuid   not null,
    sequence      bigint not null,
    country       text   not null,
    office        text   not null,
    person        text   not null,
    assumed       date   not null,
    assumed_text  text   not null,
    predecessor   text
);
create index office_term_country on office_term (country, office, assumed);
create index office_term_id on office_term (event_id);

-- A termination weighs between the parties of its treaty (or between the withdrawing party and the
-- others), which the treaty's signing names: RelationsQueries joins the two at query time.
