package com.example.mybackend;

import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.nio.file.Path;

/**
 * The smallest backend that passes polycsi's conformance suite: a volume is a directory under the
 * {@code root} option, bind-mounted into the pod. Built from the standalone POM of the guide
 * (backend-spi/README.md) by OutOfTreePluginIT, outside the polycsi build.
 */
public final class MyBackendFactory implements BackendFactory {

    static final Parameter<String> ROOT = Parameter.matching("root",
            "Directory that holds the volumes; the controller and the node must both see it.", "/.*", "an absolute path")
            .required();

    public MyBackendFactory() {
    }

    @Override
    public String name() {
        return "mybackend";
    }

    @Override
    public String description() {
        return "Directories as volumes, on a single node";
    }

    @Override
    public ParameterSchema options() {
        return ParameterSchema.builder().add(ROOT).build();
    }

    @Override
    public Backend create(BackendContext context) throws Exception {
        return new MyBackend(Path.of(context.options().get(ROOT)), context.mounter());
    }
}
