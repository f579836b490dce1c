import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is not complete within the deadline
/// of its first byte. It sits first in the pipeline, where it sees the raw
/// bytes (a request's head may be trickled too); ``RequestEndHandler``,
/// after the HTTP decoder, tells it with an outbound user event when a
/// request's last part has arrived, which stops the clock until the next
/// request's first byte.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = Any
    typealias OutboundOut = Any

    /// The event ``RequestEndHandler`` sends when a request is complete.
    struct RequestEnded: Sendable {}

    private let timeout: TimeAmount
    private let onExpired: @Sendable () -> Void
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, onExpired: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.onExpired = onExpired
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if timer == nil {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let onExpired = self.onExpired
            timer = context.eventLoop.scheduleTask(in: timeout) {
                onExpired()
                loopBound.value.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is RequestEnded else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        timer?.cancel()
        timer = nil
        promise?.succeed()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }
}

/// Follows the HTTP decoder and tells ``RequestDeadlineHandler`` when a
/// request's last part (`end`) has arrived.
final class RequestEndHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            context.triggerUserOutboundEvent(RequestDeadlineHandler.RequestEnded(), promise: nil)
        }
        context.fireChannelRead(data)
    }
}
