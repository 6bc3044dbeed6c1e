package dev.warren.amqp.codec;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AMQP field-table codec, with RabbitMQ's field types (t b B s u I i l f d D S A T F V x).
 *
 * <p>Decoded values: t Boolean, b Byte, B Short (unsigned), s Short, u Integer (unsigned), I Integer,
 * i Long (unsigned), l Long, f Float, d Double, D BigDecimal, S String, A List, T Date, F Map, V null,
 * x byte[]. Encoding picks the natural type for each Java value.
 */
public final class FieldTables {
    private FieldTables() {
    }

    public static Map<String, Object> read(ByteBuf in) {
        long len = in.readUnsignedInt();
        if (len == 0) {
            return Map.of();
        }
        if (len > in.readableBytes()) {
            throw new IndexOutOfBoundsException("field table of " + len + " bytes exceeds the frame");
        }
        ByteBuf table = in.readSlice((int) len);
        Map<String, Object> result = new LinkedHashMap<>();
        while (table.isReadable()) {
            String name = Wire.readShortString(table);
            result.put(name, readValue(table));
        }
        return result;
    }

    public static Object readValue(ByteBuf in) {
        byte type = in.readByte();
        switch (type) {
            case 't': return in.readUnsignedByte() != 0;
            case 'b': return in.readByte();
            case 'B': return in.readUnsignedByte();
            case 's': return in.readShort();
            case 'u': return in.readUnsignedShort();
            case 'I': return in.readInt();
            case 'i': return in.readUnsignedInt();
            case 'l': return in.readLong();
            case 'f': return in.readFloat();
            case 'd': return in.readDouble();
            case 'D': {
                int scale = in.readUnsignedByte();
                return new BigDecimal(BigInteger.valueOf(in.readInt()), scale);
            }
            case 'S': {
                long len = in.readUnsignedInt();
                if (len > in.readableBytes()) {
                    throw new IndexOutOfBoundsException("long string exceeds the table");
                }
                String s = in.toString(in.readerIndex(), (int) len, StandardCharsets.UTF_8);
                in.skipBytes((int) len);
                return s;
            }
            case 'x': return Wire.readLongString(in);
            case 'A': {
                long len = in.readUnsignedInt();
                if (len > in.readableBytes()) {
                    throw new IndexOutOfBoundsException("array exceeds the table");
                }
                ByteBuf array = in.readSlice((int) len);
                List<Object> list = new ArrayList<>();
                while (array.isReadable()) {
                    list.add(readValue(array));
                }
                return list;
            }
            case 'T': return new Date(in.readLong() * 1000L);
            case 'F': return read(in);
            case 'V': return null;
            default:
                throw new IllegalArgumentException("unknown field type '" + (char) type + "'");
        }
    }

    public static void write(ByteBuf out, Map<String, ?> table) {
        if (table == null || table.isEmpty()) {
            out.writeInt(0);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, ?> e : table.entrySet()) {
            Wire.writeShortString(out, e.getKey());
            writeValue(out, e.getValue());
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    @SuppressWarnings("unchecked")
    public static void writeValue(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof String s) {
            out.writeByte('S');
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            int n = out.writeCharSequence(s, StandardCharsets.UTF_8);
            out.setInt(lengthIndex, n);
        } else if (value instanceof Boolean b) {
            out.writeByte('t');
            out.writeByte(b ? 1 : 0);
        } else if (value instanceof Integer i) {
            out.writeByte('I');
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte('l');
            out.writeLong(l);
        } else if (value instanceof Short s) {
            out.writeByte('s');
            out.writeShort(s);
        } else if (value instanceof Byte b) {
            out.writeByte('b');
            out.writeByte(b);
        } else if (value instanceof Double d) {
            out.writeByte('d');
            out.writeDouble(d);
        } else if (value instanceof Float f) {
            out.writeByte('f');
            out.writeFloat(f);
        } else if (value instanceof BigDecimal d) {
            out.writeByte('D');
            out.writeByte(d.scale());
            out.writeInt(d.unscaledValue().intValueExact());
        } else if (value instanceof Date d) {
            out.writeByte('T');
            out.writeLong(d.getTime() / 1000L);
        } else if (value instanceof byte[] bytes) {
            out.writeByte('x');
            Wire.writeLongString(out, bytes);
        } else if (value instanceof Map<?, ?> m) {
            out.writeByte('F');
            write(out, (Map<String, ?>) m);
        } else if (value instanceof List<?> list) {
            out.writeByte('A');
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            for (Object o : list) {
                writeValue(out, o);
            }
            out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
        } else {
            throw new IllegalArgumentException("no field type for " + value.getClass().getName());
        }
    }
}
