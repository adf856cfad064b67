package org.civiupgrade.internal.redact;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The SLF4J loggers of the library's classes: each line is formatted, then every registered
 * {@link Secrets secret} is masked, before the application's SLF4J binding sees it; a logged
 * throwable is handed on with its (and its causes') messages masked.
 */
public final class Logs {
    private Logs() {
    }

    /**
     * The redacting logger for a class.
     *
     * @param type the class that logs
     * @return a logger named after the class
     */
    public static Logger get(Class<?> type) {
        return new RedactingLogger(LoggerFactory.getLogger(type));
    }

    private static final class RedactingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger delegate;

        RedactingLogger(Logger delegate) {
            this.delegate = delegate;
            this.name = delegate.getName();
        }

        @Override
        public boolean isTraceEnabled() {
            return delegate.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return delegate.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return delegate.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate.isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            String message = Secrets.redact(MessageFormatter.basicArrayFormat(pattern, args));
            Throwable safe = t == null ? null : Secrets.redact(t);
            switch (level) {
                case ERROR -> delegate.error(message, safe);
                case WARN -> delegate.warn(message, safe);
                case INFO -> delegate.info(message, safe);
                case DEBUG -> delegate.debug(message, safe);
                default -> delegate.trace(message, safe);
            }
        }
    }
}
