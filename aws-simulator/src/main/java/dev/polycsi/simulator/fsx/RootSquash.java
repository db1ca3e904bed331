package dev.polycsi.simulator.fsx;

import java.util.List;
import java.util.Optional;

/** Root squash: the {@code UID:GID} root is mapped to, and the client NIDs it does not apply to. */
record RootSquash(Optional<String> rootSquash, List<String> noSquashNids) {

    RootSquash {
        noSquashNids = List.copyOf(noSquashNids);
    }
}
