package io.multivector.relations.actor.service;

import io.multivector.relations.readmodel.RelationsQueries;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Membership periods as the projection derives them (Periods.memberships): a member counts from the first day of the
 * date it joined; after leaving on L it is no longer a member on L; a fixed term ({@code until}) includes the last day
 * of the period it names.
 */
@ApplicationScoped
public class MembershipService {

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

    public List<Membership> membershipsOf(String actor, LocalDate asOf, Instant knownAt) {
        return queries.membershipsOn("member", actor, asOf, knownAt).stream()
                .map(p -> new Membership(p.organization(), p.role(), p.fromText(), p.untilText())).toList();
    }

    public List<Member> membersOf(String organization, LocalDate asOf, Instant knownAt) {
        return queries.membershipsOn("organization", organization, asOf, knownAt).stream()
                .map(p -> new Member(p.member(), p.role(), p.fromText(), p.untilText())).toList();
    }

    /** Organisations both actors belong to on that day. */
    public List<String> shared(String a, String b, LocalDate asOf, Instant knownAt) {
        return queries.sharedOrganizations(a, b, asOf, knownAt);
    }
}
