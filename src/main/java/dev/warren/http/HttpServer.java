package dev.warren.http;

import dev.warren.net.NettyTransport;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 listener on Netty's HTTP codec. Requests are decoded and aggregated on the event loop,
 * then answered by a {@link Router} on a separate executor: management calls may wait for other
 * connections' event loops (snapshots), which must never happen on an event loop.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private final Channel serverChannel;

    public HttpServer(NettyTransport transport, String bindAddress, int port, Router router, ExecutorService executor)
            throws InterruptedException {
        serverChannel = transport.serverBootstrap()
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                                new RequestHandler(router, executor));
                    }
                })
                .bind(bindAddress, port).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }

    private static final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Router router;
        private final ExecutorService executor;

        RequestHandler(Router router, ExecutorService executor) {
            this.router = router;
            this.executor = executor;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (!msg.decoderResult().isSuccess()) {
                write(ctx, Response.error(HttpError.badRequest("malformed HTTP request")), false, false);
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
            Request request = new Request(msg.method(), uri.rawPath(), Map.of(), uri.parameters(),
                    msg.headers().copy(), ByteBufUtil.getBytes(msg.content()), null);
            boolean head = msg.method().equals(HttpMethod.HEAD);
            // The web UI logs in itself: a challenge would make the browser pop up its own login dialog.
            boolean challenge = !"XMLHttpRequest".equalsIgnoreCase(msg.headers().get("X-Requested-With"));
            try {
                executor.execute(() -> write(ctx, answer(request, challenge), keepAlive, head));
            } catch (RejectedExecutionException e) {
                ctx.close();
            }
        }

        private Response answer(Request request, boolean challenge) {
            try {
                return router.dispatch(request);
            } catch (HttpError e) {
                Response r = Response.error(e);
                if (e.loginFailed() && challenge) {
                    r.header("WWW-Authenticate", "Basic realm=\"RabbitMQ Management\"");
                }
                return r;
            } catch (Exception e) {
                log.error("HTTP {} {} failed", request.method(), request.path(), e);
                return Response.error(new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
                        String.valueOf(e.getMessage())));
            }
        }

        private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive, boolean head) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
            if (r.contentType() != null) {
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            }
            r.headers().forEach((k, v) -> res.headers().set(k, v));
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            HttpUtil.setContentLength(res, r.body().length);
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("HTTP connection error: {}", cause.toString());
            ctx.close();
        }
    }
}
