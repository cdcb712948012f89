package io.multivector.relations.actor.service;

import io.multivector.relations.readmodel.RelationsQueries;
import io.multivector.relations.readmodel.RelationsQueries.MembershipChange;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Membership periods, replayed from joins and departures. A member counts from the first day of
 * the date it joined; after leaving on L it is no longer a member on L; a fixed term ({@code until})
 * includes the last day of the period it names.
 */
@ApplicationScoped
public class MembershipService {

    /** A period of one member in one organisation in one role; {@code until} as the source gives it. */
    public record Period(String member, String organization, String role, String from, String until,
                         LocalDate start, LocalDate endExclusive) {
        boolean holdsOn(LocalDate day) {
            return !start.isAfter(day) && (endExclusive == null || day.isBefore(endExclusive));
        }
    }

    /** An answer item of the memberships of an actor. */
    public record Membership(String organization, String role, String from, String until) {
    }

    /** An answer item of the members of an organisation. */
    public record Member(String member, String role, String from, String until) {
    }

    private final RelationsQueries queries;

    public MembershipService(RelationsQueries queries) {
        this.queries = queries;
    }

    public List<Membership> membershipsOf(String actor, LocalDate asOf) {
        return periods(queries.membershipChanges("member", actor)).stream().filter(p -> p.holdsOn(asOf))
                .map(p -> new Membership(p.organization(), p.role(), p.from(), p.until())).toList();
    }

    public List<Member> membersOf(String organization, LocalDate asOf) {
        return periods(queries.membershipChanges("organization", organization)).stream().filter(p -> p.holdsOn(asOf))
                .map(p -> new Member(p.member(), p.role(), p.from(), p.until())).toList();
    }

    /** Organisations both actors belong to on that day. */
    public List<String> shared(String a, String b, LocalDate asOf) {
        Set<String> ofA = new TreeSet<>();
        membershipsOf(a, asOf).forEach(m -> ofA.add(m.organization()));
        Set<String> both = new TreeSet<>();
        membershipsOf(b, asOf).forEach(m -> {
            if (ofA.contains(m.organization())) {
                both.add(m.organization());
            }
        });
        return List.copyOf(both);
    }

    /** Changes arrive ordered by organisation, member, role, date and sequence. */
    static List<Period> periods(List<MembershipChange> changes) {
        List<Period> out = new ArrayList<>();
        MembershipChange open = null;
        for (MembershipChange c : changes) {
            if (open != null && !(open.member().equals(c.member()) && open.organization().equals(c.organization())
                    && open.role().equals(c.role()))) {
                out.add(period(open, null));
                open = null;
            }
            if (c.joined()) {
                if (open == null) {
                    open = c;
                } else if (open.until() != null && open.until().isBefore(c.occurred())) {
                    out.add(period(open, null)); // a new term after a fixed one ended
                    open = c;
                }
            } else if (open != null) {
                out.add(period(open, c));
                open = null;
            }
        }
        if (open != null) {
            out.add(period(open, null));
        }
        return out;
    }

    private static Period period(MembershipChange joined, MembershipChange left) {
        LocalDate termEnd = joined.until() == null ? null : joined.until().plusDays(1);
        LocalDate leftOn = left == null ? null : left.occurred();
        LocalDate end = termEnd == null ? leftOn : leftOn == null ? termEnd : (leftOn.isBefore(termEnd) ? leftOn : termEnd);
        String until = Objects.equals(end, leftOn) && leftOn != null ? left.occurredText() : joined.untilText();
        return new Period(joined.member(), joined.organization(), joined.role(), joined.occurredText(), until, joined.occurred(), end);
    }
}
