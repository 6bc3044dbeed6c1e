package dev.warren.resp.session;

import dev.warren.resp.RespServer;
import dev.warren.resp.codec.RespCommandDecoder;
import dev.warren.resp.codec.RespProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty end of a RESP connection: passes decoded requests to its {@link RespClient}, flushes per batch. */
public final class RespChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RespChannelHandler.class);
    private final RespServer server;
    private final boolean trusted;
    private RespClient client;

    public RespChannelHandler(RespServer server) {
        this(server, false);
    }

    /** A trusted handler's client is authenticated from the start (loading the append-only file). */
    public RespChannelHandler(RespServer server, boolean trusted) {
        this.server = server;
        this.trusted = trusted;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = new RespClient(server, ctx.channel());
        client.authenticated(trusted || client.authenticated());
        client.trusted(trusted);
        client.connected();
        RespCommandDecoder decoder = ctx.pipeline().get(RespCommandDecoder.class);
        if (decoder != null) {
            decoder.onBatch(client::prefetch);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        client.onRequest((byte[][]) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        client.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (client != null) {
            client.disconnected();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RespProtocolException p) {
            client.protocolError(p.getMessage());
            return;
        }
        if (!(c instanceof IOException)) {
            log.warn("RESP connection error, closing", c);
        }
        ctx.close();
    }
}
