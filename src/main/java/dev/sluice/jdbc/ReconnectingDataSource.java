package dev.sluice.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * JdbcIO's connections, made to outlast an outage. JdbcIO (2.70, {@code WriteFn}) opens a
 * connection per bundle outside its retry loop, and after a failed batch it rolls back and retries
 * on the same connection. So here opening waits for the database ({@link Reconnect}), and a
 * connection whose rollback fails or that is no longer valid is dropped: the next statement opens a
 * new one. Only a new statement reconnects; a commit on a replaced connection would commit nothing
 * and look like success, so it fails and JdbcIO retries the whole batch.
 */
final class ReconnectingDataSource implements DataSource {

  private final Reconnect reconnect;

  private ReconnectingDataSource(JdbcTarget target) {
    this.reconnect = new Reconnect(target);
  }

  /** For {@code JdbcIO.write().withDataSourceProviderFn}: one data source per DoFn instance. */
  static SerializableFunction<Void, DataSource> provider(JdbcTarget target) {
    return ignored -> new ReconnectingDataSource(target);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return (Connection)
        Proxy.newProxyInstance(
            ReconnectingDataSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Healing(reconnect, reconnect.open()));
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the credentials come from the JdbcTarget");
  }

  /** Delegates to the current connection; replaces it once it broke (see the class comment). */
  private static final class Healing implements InvocationHandler {
    private final Reconnect reconnect;
    private Connection current; // null once it broke
    private boolean autoCommit = true;
    private boolean closed;

    Healing(Reconnect reconnect, Connection first) {
      this.reconnect = reconnect;
      this.current = first;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "reconnecting " + current;
        case "isClosed":
          return closed;
        case "close":
          closed = true;
          dropQuietly();
          return null;
        case "setAutoCommit":
          autoCommit = (Boolean) args[0];
          if (current == null) {
            return null;
          }
          break;
        case "rollback":
          if (args == null) {
            rollback();
            return null;
          }
          break;
        case "createStatement", "prepareStatement", "prepareCall":
          if (current == null || current.isClosed()) {
            dropQuietly();
            current = reconnect.open();
            current.setAutoCommit(autoCommit);
          }
          break;
        default:
          break;
      }
      if (current == null) {
        throw new SQLException("the connection to the database broke", "08003");
      }
      try {
        return method.invoke(current, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    /** After a failed batch: a connection that cannot roll back or answer is dropped. */
    private void rollback() {
      if (current == null) {
        return;
      }
      try {
        current.rollback();
        if (current.isValid(JdbcTarget.LOGIN_TIMEOUT_SECONDS)) {
          return;
        }
      } catch (SQLException broken) {
        // The server rolled the transaction back when it lost the session.
      }
      dropQuietly();
    }

    private void dropQuietly() {
      if (current != null) {
        try {
          current.close();
        } catch (SQLException alreadyGone) {
          // Nothing to release on a connection the server has closed.
        }
        current = null;
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return JdbcTarget.LOGIN_TIMEOUT_SECONDS;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
