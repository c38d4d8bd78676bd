using Microsoft.Extensions.Logging;

namespace LlmObserve.Integrations.Tests.Delivery;

/// <summary>Sends a host's log to the current test's output, so a failing test shows what the worker did.</summary>
internal sealed class TestOutputLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has ended; its output is closed.
            }
        }
    }
}
