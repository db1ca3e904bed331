package dev.polycsi.core.mount;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Records the commands it is given and answers them per executable; success by default. */
final class FakeCommandRunner implements CommandRunner {

    final List<List<String>> commands = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    private final Map<String, Function<List<String>, CommandResult>> answers = new HashMap<>();

    FakeCommandRunner answer(String executable, int exitCode, String output) {
        return answer(executable, command -> new CommandResult(command, exitCode, output));
    }

    FakeCommandRunner answer(String executable, Function<List<String>, CommandResult> answer) {
        answers.put(executable, answer);
        return this;
    }

    List<String> executables() {
        return commands.stream().map(List::getFirst).toList();
    }

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        commands.add(List.copyOf(command));
        timeouts.add(timeout);
        return answers.getOrDefault(command.getFirst(), c -> new CommandResult(c, 0, "")).apply(command);
    }
}
