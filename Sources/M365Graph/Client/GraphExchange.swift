import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// One request to Graph or a download host and its whole body, as the
/// report client and the JSON client both send them: holding a place of the
/// limiter, within the request timeout (the body included: a download that
/// trickles is cut off like one that never starts), refused while it streams
/// past the body limit, through the proxy the environment names for the
/// host. Its failures are sorted into those worth another attempt and those
/// another attempt would repeat; the retry loops around it stay with each
/// client, whose requests differ.
struct GraphExchange: Sendable {
    let http: OutboundHTTP
    let limiter: RequestLimiter
    let requestTimeout: Duration
    let maxBodyBytes: Int

    enum Outcome: Sendable {
        case answer(GraphAnswer)
        /// Timed out or failed on the way: worth another attempt.
        case failed(RetryReason, GraphError)
        /// Failed in a way another attempt would repeat.
        case refused(GraphError)
    }

    func run(_ request: HTTPClientRequest, record: GraphReportClient.EventRecorder) async -> Outcome {
        let (http, proxy) = self.http.client(for: request.url)
        let timeout = self.requestTimeout
        let limit = self.maxBodyBytes
        do {
            let answer = try await limiter.withPlace { () async throws -> GraphAnswer in
                try await Deadline.run(within: timeout, on: http.eventLoopGroup.any()) {
                    let response = try await http.execute(request, timeout: .init(timeout))
                    let body: ByteBuffer
                    do {
                        body = try await response.body.collect(upTo: limit)
                    } catch is NIOTooManyBytesError {
                        throw BodyTooLarge()
                    }
                    return GraphAnswer(
                        status: Int(response.status.code),
                        headers: response.headers,
                        body: Array(body.readableBytesView),
                        proxy: proxy)
                }
            }
            await record(.answer(answer.status))
            return .answer(answer)
        } catch is BodyTooLarge {
            // Not retried: the same answer would be as large again.
            return .refused(.bodyTooLarge(limit: limit))
        } catch is Deadline.Exceeded {
            return .failed(.timeout, .transport(TokenProvider.through(proxy, "no complete answer within \(timeout)")))
        } catch let error as HTTPClientError
            where [.readTimeout, .connectTimeout, .deadlineExceeded, .writeTimeout].contains(error)
        {
            return .failed(.timeout, .transport(TokenProvider.through(proxy, String(describing: error))))
        } catch {
            return .failed(.connectionError, .transport(TokenProvider.through(proxy, String(describing: error))))
        }
    }

    private struct BodyTooLarge: Error {}
}
