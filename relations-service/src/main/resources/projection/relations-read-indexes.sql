-- Indexes only the answers read (Projection.readIndexDdl): a rebuild creates them after it has caught up.
create index pair_timeline_pair on pair_timeline (a, b, occurred desc, sequence desc);
create index membership_period_org on membership_period (organization, start);
-- what holds on a date, by member and by country: the periods ending after it, not the whole history (at
-- 1,000,000 events China's and Kazakhstan's periods started by 2010 were 1,090 rows, of which 99 held then)
create index membership_period_member on membership_period (member, (coalesce(end_exclusive, 'infinity'::date)), start);
create index office_holding_current on office_holding (country, (coalesce(until, 'infinity'::date)), assumed);
create index treaty_signing_parties on treaty_signing using gin (parties);
create index treaty_pair_pair on treaty_pair (a, b, signed, treaty_id);
-- covering what the dyad shows of each treaty, in the order it lists them: its treaties in force are read from the
-- index alone, unsorted (a busy pair has thousands)
create index treaty_in_force_pair on treaty_in_force (a, b, signed, treaty_id) include (start, end_exclusive, listed);
create index election_country on election (country, held);
-- Answers as known at a time read an actor's events and an organisation's membership changes from the content rows.
create index pair_timeline_b on pair_timeline (b);
create index membership_change_org on membership_change (organization);
