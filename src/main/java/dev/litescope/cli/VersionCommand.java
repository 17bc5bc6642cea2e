package dev.litescope.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "version", description = "Print the Litescope version.")
final class VersionCommand implements Runnable {
    @ParentCommand
    LitescopeCommand parent;

    @Override
    public void run() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        parent.spec.commandLine().getOut().println("litescope " + (v == null ? "development build" : v));
    }
}
