package dev.polycsi.reliability.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inventory against the ledger: a name that should exist exists exactly once (else it is
 * missing or duplicated), a deleted one is gone (else it leaked), and nothing else appeared
 * (a resource of no name, or of a name no operation used, leaked too). The simulator's own
 * fixtures, there before the campaign, are left out.
 */
public record Verdict(List<String> leaks, List<String> duplicates, List<String> missing) {

    public static Verdict of(Ledger ledger, List<Inventory.Resource> now, Set<String> fixtures) {
        List<Inventory.Resource> made = now.stream().filter(r -> !fixtures.contains(fixtureKey(r))).toList();
        Map<Ledger.Key, List<Inventory.Resource>> byName = Inventory.byName(made);
        Map<Ledger.Key, Ledger.Expect> expected = ledger.expected();
        List<String> leaks = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        expected.forEach((key, expect) -> {
            List<Inventory.Resource> found = byName.getOrDefault(key, List.of());
            if (found.size() > 1) {
                duplicates.add(key + ": " + found);
            } else if (expect == Ledger.Expect.PRESENT && found.isEmpty()) {
                missing.add(key.toString());
            } else if (expect == Ledger.Expect.ABSENT && !found.isEmpty()) {
                leaks.add(key + " deleted but still there: " + found);
            }
        });
        byName.forEach((key, found) -> {
            if (!expected.containsKey(key)) {
                leaks.add((key.name().isEmpty() ? key.kind().label() + " of no CSI name" : key + ", a name no operation used") + ": " + found);
            }
        });
        return new Verdict(List.copyOf(leaks), List.copyOf(duplicates), List.copyOf(missing));
    }

    /** How a resource there before the campaign is recognised afterwards. */
    public static String fixtureKey(Inventory.Resource resource) {
        return resource.kind() + ":" + resource.id();
    }

    public boolean clean() {
        return leaks.isEmpty() && duplicates.isEmpty() && missing.isEmpty();
    }
}
