import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes the connection once the answer to a CONNECT is written.
///
/// HTTP/1 turns a connection into a tunnel after CONNECT: the parser reads no further request on it, and the answer is
/// sent without a body or a length (NIO frames any response to CONNECT so), which by RFC 9112 §6.3 ends only when the
/// connection closes. Without this, a client that sent CONNECT to any path waited forever. The server never tunnels;
/// it answers (405, or 401/404 as for any method) and closes.
final class ConnectCloser: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var answeringConnect = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) { answeringConnect = head.method == .connect }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard answeringConnect, case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        let written = promise ?? context.eventLoop.makePromise()
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        context.writeAndFlush(data, promise: written)
    }
}
