package org.civiupgrade.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** JUnit 5 extension behind {@link WithTestDatabase}. */
public final class TestDatabaseExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestDatabaseExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == TestDatabase.class || pc.getParameter().getType() == TestDatabaseServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        if (pc.getParameter().getType() == TestDatabaseServer.class) {
            return TestDatabaseServer.shared();
        }
        TestDatabase db = TestDatabaseServer.shared().createDatabase();
        // Closed (dropped) when the test's extension context closes.
        ec.getStore(NS).put(db.name(), (ExtensionContext.Store.CloseableResource) db::close);
        return db;
    }
}
