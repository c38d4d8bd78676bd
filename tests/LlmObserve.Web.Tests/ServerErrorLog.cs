using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmObserve.Web.Tests;

/// <summary>
/// Keeps the errors the console logs (an unhandled exception behind the "Something went wrong" page), so a
/// failing test can say what broke on the server instead of only "500".
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public ILogger CreateLogger(string categoryName) => new ErrorLogger(this, categoryName);

    /// <summary>The errors logged so far that mention <paramref name="text"/> (all when null), newest last.</summary>
    public string Describe(string? text = null)
    {
        var matching = _errors.Where(e => text is null || e.Contains(text, StringComparison.Ordinal)).TakeLast(3).ToList();
        return matching.Count == 0 ? "(the console logged no error)" : string.Join("\n---\n", matching);
    }

    public void Dispose()
    {
    }

    private sealed class ErrorLogger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._errors.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
