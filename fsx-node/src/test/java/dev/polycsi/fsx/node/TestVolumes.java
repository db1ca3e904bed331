package dev.polycsi.fsx.node;

import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Kinds of Lustre volumes for the tests: FSx for Lustre's ids and defaults, and a File Cache's. */
record TestVolumes(String product, Pattern ids, Optional<String> defaultMountName, List<String> defaultMountOptions)
        implements LustreVolumes {

    static final TestVolumes FILE_SYSTEMS = new TestVolumes("FSx for Lustre", Pattern.compile("fs-[0-9a-f]{8,17}"), Optional.of("fsx"),
            List.of());
    static final TestVolumes CACHES = new TestVolumes("File Cache", Pattern.compile("fc-[0-9a-f]{17}"), Optional.empty(),
            List.of("relatime", "flock"));

    @Override
    public String parseId(String volumeId) {
        if (!ids.matcher(volumeId).matches()) {
            throw CsiException.invalidArgument("volume ID '%s' is not a %s ID", volumeId, product);
        }
        return volumeId;
    }
}
