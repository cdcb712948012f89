package io.multivector.relations.readmodel;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A search for a person (or a party) by name: it matches a name when its words appear in that name as a run of whole
 * words, ignoring case, diacritics and punctuation, so "masimov" finds "Karim Masimov" and "Kassym Jomart" finds
 * "Kassym-Jomart Tokayev", but "masim" finds neither. Names are compared in their {@link #fold folded} form, which
 * the projection stores for searches that run in SQL.
 *
 * @param folded the search's words, folded and enclosed in single spaces
 */
public record NameSearch(String folded) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** The search for {@code text}; empty when it holds no letter or digit to search by. */
    public static Optional<NameSearch> of(String text) {
        String folded = fold(text);
        return folded.isBlank() ? Optional.empty() : Optional.of(new NameSearch(folded));
    }

    /** A name in the form searches compare: lower case, without diacritics, words separated and enclosed by single spaces. */
    public static String fold(String name) {
        String bare = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("").toLowerCase(Locale.ROOT);
        String words = SEPARATORS.matcher(bare).replaceAll(" ").strip();
        return words.isEmpty() ? "" : " " + words + " ";
    }

    /** Whether any of {@code names} (as recorded, not folded) holds the search's words. */
    public boolean matchesAny(Collection<String> names) {
        return names.stream().anyMatch(n -> fold(n).contains(folded));
    }
}
