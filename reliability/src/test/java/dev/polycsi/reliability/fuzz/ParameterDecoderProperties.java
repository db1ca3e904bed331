package dev.polycsi.reliability.fuzz;

import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based, without the driver: every parameter of every built-in backend's schemas (driver
 * options, StorageClass, VolumeSnapshotClass, VolumeAttributesClass) decodes any string or
 * refuses it with INVALID_ARGUMENT naming its key, and never throws anything else (which the
 * driver would answer INTERNAL); a key no schema has is refused naming it. The campaign sends the
 * same through the server with a fixed list of values; here jqwik draws arbitrary ones and shrinks
 * a counterexample to its smallest form.
 */
class ParameterDecoderProperties {

    private static final Map<String, BackendFactory> FACTORIES = ParameterSweep.factories();

    record Declared(String backend, String schema, ParameterSchema parameters, Parameter<?> parameter) {
        @Override
        public String toString() {
            return backend + "/" + schema + "/" + parameter.key();
        }
    }

    private static List<Declared> declared() {
        List<Declared> all = new ArrayList<>();
        FACTORIES.forEach((name, factory) -> {
            for (var schema : Map.of("options", factory.options(), "volume", factory.volumeParameters(),
                    "snapshot", factory.snapshotParameters(), "mutable", factory.mutableParameters()).entrySet()) {
                schema.getValue().parameters().forEach(p -> all.add(new Declared(name, schema.getKey(), schema.getValue(), p)));
            }
        });
        return all;
    }

    @Provide
    Arbitrary<Declared> parameters() {
        return Arbitraries.of(declared());
    }

    @Provide
    Arbitrary<ParameterSchema> schemas() {
        List<ParameterSchema> schemas = new ArrayList<>();
        FACTORIES.values().forEach(f -> schemas.addAll(List.of(f.options(), f.volumeParameters(), f.snapshotParameters(), f.mutableParameters())));
        return Arbitraries.of(schemas);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("0123456789-+.eExX ,=:/").ofMaxLength(40),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(70).negate(), java.math.BigInteger.TWO.pow(70)).map(String::valueOf),
                Arbitraries.of(ParameterSweep.BAD_VALUES),
                Arbitraries.of(ParameterSweep.BAD_VALUES).list().ofMaxSize(4).map(parts -> String.join(",", parts)),
                Arbitraries.strings().alpha().ofMaxLength(12).list().ofMaxSize(4).map(parts -> String.join("=", parts)));
    }

    @Property(tries = 4000, seed = "20261206")
    void everyParameterDecodesOrIsRefusedNamingItsKey(@ForAll("parameters") Declared declared, @ForAll("values") String value) {
        try {
            declared.parameter().decode(value);
        } catch (CsiException refused) {
            if (refused.code() != CsiException.Code.INVALID_ARGUMENT || !refused.getMessage().contains("'" + declared.parameter().key() + "'")) {
                throw new AssertionError(declared + " = '" + value + "': " + refused.code() + " " + refused.getMessage(), refused);
            }
        }
    }

    @Property(tries = 2000, seed = "20261206")
    void aKeyNoSchemaHasIsRefusedNamingIt(@ForAll("schemas") ParameterSchema schema, @ForAll("values") String key) {
        Assume.that(schema.parameters().stream().noneMatch(p -> p.key().equals(key) || p.key().equalsIgnoreCase(key.toLowerCase(Locale.ROOT))));
        Assume.that(schema.prefixes().keySet().stream().noneMatch(key::startsWith));
        try {
            schema.parse(Map.of(key, "1"));
            throw new AssertionError("unknown key '" + key + "' accepted");
        } catch (CsiException refused) {
            if (refused.code() != CsiException.Code.INVALID_ARGUMENT || !refused.getMessage().contains("'" + key + "'")) {
                throw new AssertionError("'" + key + "': " + refused.code() + " " + refused.getMessage(), refused);
            }
        }
    }
}
