-- One generation of the relations read model. Every per-event row belongs to the event that added it
-- (event_id) and carries when the store recorded that event (recorded), both set by the runtime, which also indexes
-- every table by event (Generations.eventIndexDdl). A retraction
-- moves exactly that event's rows aside (into <table>_retracted, which the runtime creates), after the runtime has
-- subtracted what they added to the running totals (RelationsProjection.totals()), from which the dyad, partner
-- and balance answers are read; answers as known at a time read the rows recorded by then instead.

-- Each dyadic contribution of an event: an unordered pair (a < b), its weight (the configured weight of its
-- kind × an exercise's count, applied when projecting: a changed weight takes effect by a rebuild), and the
-- weight scaled to the epoch at the configured half-life (EpochScale). Kept per event for retractions, for
-- half-lives other than the configured one (through pair_total's days) and for answers as known at a time.
create table dyad_event (
    event_id uuid        not null,
    recorded timestamptz not null,
    a        text        not null,
    b        text        not null,
    occurred date        not null,
    type     text        not null,
    weight   numeric     not null,
    scaled   numeric     not null
);

-- Running totals (RunningTotals) of each pair (a < b), at five grains: 'T' all time (period 0001-01-01), 'X' a
-- decade, 'Y' a year, 'M' a month, 'D' a day, the period being its first day. An answer as of D is the all-time row
-- less the decades after D's decade, the years after D's year in its decade, the months after D's month in its year
-- and the days after D in its month, or (when fewer) less the decades from D's own plus its decade's periods up to D:
-- a few rows per key. Decayed sums are scaled to the epoch, so rows of any dates add up and one factor decays the sum.
-- A row holds every type's count (a column each, RelationsProjection.PAIR_TYPES), so an event adds to one row per
-- pair and grain, which the dyad reads, and an actor's partners read the same rows through either actor's index.
-- (Before, a row per type and one per actor and partner made three rows for each of these: a treaty of 1.9 pairs
-- upserted about 40 running-total rows, and those upserts were most of the projector's database time.)
create table pair_total (
    a           text    not null,
    b           text    not null,
    grain       text    not null,
    period      date    not null,
    events      bigint  not null,
    cooperation numeric not null,
    conflict    numeric not null,
    ${typeCounts}
    primary key (a, b, grain, period)
) with (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
-- Each actor's side of its pairs, covering the sums, so a ranking as of a past year (a row per partner and later
-- year) reads index pages only: that needs the pages marked all-visible, hence a vacuum after 1 % of the rows
-- changed instead of 20 %; and an update of a sum is not a HOT update (these indexes hold it too).
create index pair_total_a on pair_total (a, grain, period) include (b, events, cooperation, conflict);
create index pair_total_b on pair_total (b, grain, period) include (a, events, cooperation, conflict);
-- Positive weight (undecayed) of an actor's contributions by the counterpart's bloc (reference data, split
-- by its shares), at grains 'Y', 'M' and 'D': any window at day precision is a few ranges of these, and its
-- series by year reads each year's rows.
create table balance_total (
    actor  text    not null,
    grain  text    not null,
    period date    not null,
    bloc   text    not null,
    weight numeric not null,
    primary key (actor, grain, period, bloc)
);

-- Every event, for the events shown beside an answer: json, not jsonb, so the envelope is kept and shown as the
-- codec wrote it, neither parsed into jsonb when applied nor printed back from it (nor parsed by the service) when read.
create table event_log (
    event_id uuid   not null,
    recorded timestamptz not null,
    sequence bigint not null,
    type     text   not null,
    occurred date   not null,
    envelope json   not null
);

-- The events naming each pair of actors (a < b), newest first: a dyad's recent events are one index range.
create table pair_timeline (
    event_id uuid   not null,
    recorded timestamptz not null,
    a        text   not null,
    b        text   not null,
    occurred date   not null,
    sequence bigint not null
);

create table membership_change (
    event_id      uuid    not null,
    recorded timestamptz not null,
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
create index membership_change_key on membership_change (member, organization, role);

-- Periods of each member in each organisation and role (KeyedDerivation of membership_change): from the day it
-- joined to the day it left (exclusive) or the day after a fixed term ends; derived again when a change of the key
-- is applied or retracted, so an answer is one indexed lookup.
create table membership_period (
    member        text not null,
    organization  text not null,
    role          text not null,
    start         date not null,
    end_exclusive date,
    from_text     text not null,
    until_text    text
);
create index membership_period_key on membership_period (member, organization, role, start);

create table treaty_signing (
    event_id       uuid   not null,
    recorded timestamptz not null,
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

-- Each pair of a treaty's distinct parties (a < b) with what a dyad shows of the treaty: the treaties of a pair are
-- one index range, not a search through every treaty's parties.
create table treaty_pair (
    event_id      uuid not null,
    recorded timestamptz not null,
    a             text not null,
    b             text not null,
    treaty_id     text not null,
    signed        date not null,
    in_force_from date,
    listed        text not null -- the treaty as a dyad lists it (TreatyInForce), JSON
);

-- The pairs each treaty binds and when (KeyedDerivation of the treaty's signings and terminations): from the day it
-- entered into force (else its signing) until the first termination that ends it for either of the two, exclusive;
-- derived again when a signing or termination of the treaty is applied or retracted, so a pair's treaties in force on
-- a day are one index range (relations-read-indexes.sql), not a check of every treaty of the pair for terminations.
create table treaty_in_force (
    treaty_id     text not null,
    a             text not null,
    b             text not null,
    signed        date not null,
    start         date not null,
    end_exclusive date,
    listed        text not null -- the treaty as a dyad lists it (TreatyInForce), JSON
);
create index treaty_in_force_treaty on treaty_in_force (treaty_id);

create table treaty_termination (
    event_id        uuid    not null,
    recorded timestamptz not null,
    treaty_id       text    not null,
    party           text,
    terminated      date    not null,
    terminated_text text    not null,
    reason          text,
    weight          numeric not null,
    scaled          numeric not null
);
create index treaty_termination_treaty on treaty_termination (treaty_id);

create table election (
    event_id    uuid    not null,
    recorded timestamptz not null,
    country     text    not null,
    kind        text    not null,
    body        text,
    held        date    not null,
    held_text   text    not null,
    early       boolean,
    turnout_pct numeric,
    results     jsonb   not null,
    -- every result's name and other spellings, folded (NameSearch), for GET /elections?person=
    result_names text[] not null
);

create table office_term (
    event_id      uuid   not null,
    recorded timestamptz not null,
    sequence      bigint not null,
    country       text   not null,
    office        text   not null,
    person        text   not null,
    -- other spellings of the person (office.assumed personAlsoSpelled), which GET /actors/{code}/officeholders?person= also matches
    person_also_spelled text[],
    assumed       date   not null,
    assumed_text  text   not null,
    predecessor   text
);
create index office_term_key on office_term (country, office, assumed);

-- Terms of each office of a country (KeyedDerivation of office_term): each until the next one's assumption.
create table office_holding (
    country      text   not null,
    office       text   not null,
    person       text   not null,
    person_also_spelled text[],
    assumed      date   not null,
    assumed_text text   not null,
    sequence     bigint not null,
    until        date,
    until_text   text
);
create index office_holding_key on office_holding (country, office, assumed);

-- A termination weighs between the parties of its treaty (or between the withdrawing party and the
-- others), which the treaty's signing names: the running totals join the two when either is applied or
-- retracted (RelationsProjection.PAIRS).
