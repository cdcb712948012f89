package io.multivector.events.catalogue;

import io.multivector.events.shape.WireEnum;

/** The standing a member has in an organisation. */
public enum MembershipRole implements WireEnum {
    MEMBER("member"),
    OBSERVER("observer"),
    PARTNER("partner"),
    ASSOCIATE("associate"),
    NON_PERMANENT_MEMBER("non-permanent-member"),
    CHAIR("chair");

    private final String wireName;

    MembershipRole(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static MembershipRole of(String wireName) {
        return WireEnum.parse(MembershipRole.class, wireName);
    }
}
