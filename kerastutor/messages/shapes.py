"""Messages of kerastutor.shapes: expect_shape, trace, diagnose and the shape formulas."""

MESSAGES = {
    # ---------------------------------------------------------------- expect_shape
    "shapes.ok": {"zh": "✓ {what}：形状 {actual}，与期望一致", "en": "✓ {what}: shape {actual}, as expected"},
    "shapes.ok_pattern": {
        "zh": "✓ {what}：形状 {actual}，符合期望 {expected}（None 表示任意大小）",
        "en": "✓ {what}: shape {actual} matches {expected} (None means any size)",
    },
    "shapes.mismatch": {
        "zh": "✗ {what}：形状不对，期望 {expected}，实际是 {actual}。",
        "en": "✗ {what} has the wrong shape: expected {expected}, got {actual}.",
    },
    "shapes.output_n": {"zh": "第 {index} 个输出：", "en": "Output {index}: "},
    "shapes.output_count": {
        "zh": "✗ {what}：一共 {actual} 个 {shapes}，但期望的是 {expected} 个。",
        "en": "✗ {what} has {actual} output(s) {shapes}, but {expected} were expected.",
    },
    "shapes.rank_differs": {
        "zh": "维数不同：期望 {expected_rank} 维，实际是 {actual_rank} 维",
        "en": "Different number of axes: expected {expected_rank}, got {actual_rank}",
    },
    "shapes.axis_differs": {
        "zh": "{axis}：期望 {expected}，实际是 {actual}",
        "en": "{axis}: expected {expected}, got {actual}",
    },
    "shapes.axis_role": {"zh": "第 {axis} 轴（通常是{role}）", "en": "axis {axis} (usually {role})"},
    "shapes.axis_plain": {"zh": "第 {axis} 轴", "en": "axis {axis}"},
    "shapes.any_size": {"zh": "None（任意大小）", "en": "None (any size)"},
    "shapes.hint": {"zh": "提示：{text}", "en": "Hint: {text}"},
    "shapes.role.batch": {"zh": "批次", "en": "batch"},
    "shapes.role.features": {"zh": "特征", "en": "features"},
    "shapes.role.steps": {"zh": "时间步", "en": "steps"},
    "shapes.role.height": {"zh": "高", "en": "height"},
    "shapes.role.width": {"zh": "宽", "en": "width"},
    "shapes.role.depth": {"zh": "深", "en": "depth"},
    "shapes.role.channels": {"zh": "通道", "en": "channels"},
    "shapes.what.model": {"zh": "模型 {name} 的输出", "en": "The output of model {name}"},
    "shapes.what.layer": {"zh": "层 {name} 的输出", "en": "The output of layer {name}"},
    "shapes.what.array": {"zh": "这个数组", "en": "The array"},
    "shapes.what.tensor": {"zh": "这个张量", "en": "The tensor"},
    "shapes.what.shape": {"zh": "这个形状", "en": "The shape"},
    # hints of expect_shape
    "shapes.hint.missing_batch": {
        "zh": "看起来少了最前面的批次维度。Keras 总是按批处理数据，哪怕只有一个样本也要写成一批：x[np.newaxis] 得到 {fixed}。",
        "en": "The batch axis seems to be missing. Keras always works on batches, even of one sample: x[np.newaxis] gives {fixed}.",
    },
    "shapes.hint.missing_channel": {
        "zh": "少了最后的通道维。灰度图也要有通道维（大小为 1）：x[..., np.newaxis] 得到 {fixed}。",
        "en": "The channels axis is missing. A grayscale image still needs one (of size 1): x[..., np.newaxis] gives {fixed}.",
    },
    "shapes.hint.missing_batch_and_channel": {
        "zh": "批次维度和通道维都少了：一张灰度图要写成 x[np.newaxis, ..., np.newaxis]，形状 {fixed}。",
        "en": "Both the batch axis and the channels axis are missing: one grayscale image becomes x[np.newaxis, ..., np.newaxis], shape {fixed}.",
    },
    "shapes.hint.input_has_batch": {
        "zh": "出现了两个 None：keras.Input(shape=…) 只写单个样本的形状，不含批次维度。应写 keras.Input(shape={fixed})。",
        "en": "There are two None axes: keras.Input(shape=…) takes the shape of one sample, without the batch axis. Write keras.Input(shape={fixed}).",
    },
    "shapes.hint.drop_return_sequences": {
        "zh": "这个循环层设置了 return_sequences=True：它在每个时间步都输出一次，所以多了时间步这一轴。只要最后一步的输出，就去掉 return_sequences=True（默认是 False）；只有后面还接着循环层时才需要它。",
        "en": "This recurrent layer has return_sequences=True: it gives an output at every time step, hence the extra steps axis. For the last step only, drop return_sequences=True (the default is False); keep it only when another recurrent layer follows.",
    },
    "shapes.hint.extra_batch": {
        "zh": "实际形状最前面多了一维（大小 {size}），这通常是批次维度。Keras 的形状总以批次维度开头，期望的形状也应写上它，例如 {fixed}。",
        "en": "The actual shape has an extra leading axis (of size {size}), usually the batch axis. Keras shapes start with it; include it in the expected shape too, e.g. {fixed}.",
    },
    "shapes.hint.extra_one": {
        "zh": "第 {axis} 轴是多出来的大小为 1 的轴：可以用 np.squeeze(x, axis={axis}) 或 Reshape 去掉它。",
        "en": "Axis {axis} is an extra axis of size 1: remove it with np.squeeze(x, axis={axis}) or a Reshape layer.",
    },
    "shapes.hint.flatten": {
        "zh": "是不是忘了 Flatten？Flatten() 会把 {actual} 展平成 {fixed}（{arith}）。",
        "en": "Did you forget Flatten? Flatten() turns {actual} into {fixed} ({arith}).",
    },
    "shapes.hint.dense_last_axis": {
        "zh": "Dense 只作用在最后一维上，前面的 {middle} 这几维会原样保留。要得到二维输出，请在 Dense 之前加 Flatten()（或 GlobalAveragePooling）。",
        "en": "Dense acts on the last axis only; the axes {middle} before it are kept as they are. For a 2-D output, put Flatten() (or a GlobalAveragePooling layer) before Dense.",
    },
    "shapes.hint.reshape": {
        "zh": "两边每个样本都是 {count} 个数，只是排列不同：Reshape({target}) 可以重新排成期望的形状。",
        "en": "Each sample holds {count} numbers in both shapes, only arranged differently: Reshape({target}) rearranges them.",
    },
    "shapes.hint.channels_first": {
        "zh": "通道维跑到了最前面（channels_first）。Keras 默认 channels_last：(批次, 高, 宽, 通道)。可以用 np.transpose(x, {fix}) 或 layers.Permute({permute}) 调整，或在层里写 data_format=\"channels_first\"。",
        "en": "The channels axis came first (channels_first), but Keras's default is channels_last: (batch, height, width, channels). Fix it with np.transpose(x, {fix}) or layers.Permute({permute}), or give the layer data_format=\"channels_first\".",
    },
    "shapes.hint.channels_last": {
        "zh": "通道维在最后（channels_last），而期望的是 channels_first：(批次, 通道, 高, 宽)。可以用 np.transpose(x, {fix}) 或 layers.Permute({permute}) 调整。",
        "en": "The channels axis is last (channels_last), but channels_first was expected: (batch, channels, height, width). Fix it with np.transpose(x, {fix}) or layers.Permute({permute}).",
    },
    "shapes.hint.permuted": {
        "zh": "各维的大小都对，只是顺序不同：用 np.transpose 或 layers.Permute 调换轴的顺序。",
        "en": "The sizes are all there, in a different order: reorder the axes with np.transpose or layers.Permute.",
    },
    "shapes.hint.batch_only": {
        "zh": "只有批大小不同。批次维度通常写成 None，表示任意批大小：{fixed}。",
        "en": "Only the batch size differs. Write None for the batch axis to accept any batch size: {fixed}.",
    },
    "shapes.hint.valid_padding": {
        "zh": "每个空间维都少了 {lost}：padding=\"valid\"（默认）时，大小为 {kernel} 的卷积核会让每一维缩小 {lost}。想保持大小，请用 padding=\"same\"。",
        "en": "Each spatial axis lost {lost}: with padding=\"valid\" (the default) a kernel of size {kernel} shrinks every axis by {lost}. Use padding=\"same\" to keep the size.",
    },
    "shapes.hint.halved": {
        "zh": "空间维大约减半了：池化层（pool_size=2）或 strides=2 都会这样。检查是不是多了一个池化层或步长。",
        "en": "The spatial axes were halved, as a pooling layer (pool_size=2) or strides=2 does. Check for an extra pooling layer or stride.",
    },
    "shapes.hint.not_halved": {
        "zh": "空间维是期望的两倍左右：是不是少了一个池化层（或 strides=2）？",
        "en": "The spatial axes are about twice the expected size: is a pooling layer (or strides=2) missing?",
    },
    "shapes.hint.last_axis": {
        "zh": "只有最后一维不同（{actual} ≠ {expected}）。最后一维由产生它的层决定：Dense 的 units、卷积层的 filters、Embedding 的 output_dim。",
        "en": "Only the last axis differs ({actual} ≠ {expected}). It is set by the layer that produced it: Dense's units, a convolution's filters, Embedding's output_dim.",
    },
    # bad input to the shape helpers
    "shapes.bad_spec_string": {
        "zh": "{what} 应该是一个元组，例如 (None, 28, 28, 1)，而不是字符串 {got}。",
        "en": "{what} should be a tuple such as (None, 28, 28, 1), not the string {got}.",
    },
    "shapes.bad_spec": {
        "zh": "{what} 应该是一个由整数或 None 组成的元组，例如 (None, 10)；收到的是 {got}。",
        "en": "{what} should be a tuple of integers or None, such as (None, 10); got {got}.",
    },
    "shapes.negative_dim": {
        "zh": "{what} {got} 的第 {axis} 轴是 {value}：大小不能是负数（任意大小请写 None）。",
        "en": "{what} {got} has {value} on axis {axis}: a size cannot be negative (write None for any size).",
    },
    "shapes.float_dim": {
        "zh": "{what} {got} 的第 {axis} 轴是小数 {value}：形状里只能有整数，请写 {fixed}。",
        "en": "{what} {got} has the float {value} on axis {axis}: shapes hold integers only; write {fixed}.",
    },
    "shapes.bad_dim": {
        "zh": "{what} {got} 的第 {axis} 轴是 {value}：每一维应是整数或 None。",
        "en": "{what} {got} has {value} on axis {axis}: each axis should be an integer or None.",
    },
    "shapes.bad_object": {
        "zh": "无法读出 {got}（{kind}）的形状。请传入 NumPy 数组、张量、调用过的层或搭建好的模型。",
        "en": "Cannot read the shape of {got} ({kind}). Pass a NumPy array, a tensor, a layer that has been called, or a built model.",
    },
    "shapes.ragged": {
        "zh": "{got} 各行长度不一，不是一个规整的数组，没有确定的形状。",
        "en": "{got} has rows of different lengths: it is not a regular array and has no single shape.",
    },
    "shapes.model_not_built": {
        "zh": "模型 {name} 还没有搭建，所以还没有形状。请以 keras.Input(shape=…) 开头，或先调用 model.build((None, …))。",
        "en": "Model {name} is not built yet, so it has no shape. Start it with keras.Input(shape=…), or call model.build((None, …)) first.",
    },
    "shapes.layer_not_called": {
        "zh": "层 {name}（{cls}）还没有被调用过，Keras 还不知道它的输出形状。先在一个输入上调用它，例如 y = layer(x)。",
        "en": "Layer {name} ({cls}) has not been called yet, so Keras does not know its output shape. Call it on an input first, e.g. y = layer(x).",
    },
    "shapes.not_a_model": {
        "zh": "trace() 需要一个 Keras 模型（或一个层的列表加 input_shape）；收到的是 {got}。",
        "en": "trace() needs a Keras model (or a list of layers plus input_shape); got {got}.",
    },
    "shapes.trace_failed": {
        "zh": "第 {index} 层 {name} 无法搭建，没法列出完整的表。用 diagnose() 看看原因。",
        "en": "Layer {index} ({name}) cannot be built, so there is no full table. Run diagnose() to see why.",
    },
    "shapes.not_a_layer": {
        "zh": "列表中第 {index} 项是 {got}，不是 Keras 层。",
        "en": "Item {index} of the list is a {got}, not a Keras layer.",
    },
    "shapes.need_input_shape": {
        "zh": "请告诉我输入形状：input_shape=单个样本的形状（不含批次维度），例如 (28, 28, 1)。",
        "en": "Please give the input shape: input_shape=the shape of one sample (without the batch axis), e.g. (28, 28, 1).",
    },
    "shapes.builder_args": {
        "zh": "这个函数需要 {n} 个输入，但给出的输入形状是 {shapes}。每个输入给一个形状。",
        "en": "The function takes {n} input(s), but the input shapes given are {shapes}. Give one shape per input.",
    },
    "shapes.bad_diagnose_target": {
        "zh": "diagnose() 需要一个层的列表、一个 Sequential 模型或一个搭建模型的函数；收到的是 {got}。",
        "en": "diagnose() needs a list of layers, a Sequential model or a function that builds a model; got {got}.",
    },
    # formulas
    "shapes.bad_param": {
        "zh": "{name} 应是不小于 {minimum} 的整数；收到的是 {got}。",
        "en": "{name} should be an integer of at least {minimum}; got {got}.",
    },
    "shapes.bad_padding": {
        "zh": "{what} 的 padding 只能是 {allowed}；收到的是 {got}。",
        "en": "padding for {what} must be one of {allowed}; got {got}.",
    },
    "shapes.stride_and_dilation": {
        "zh": "Keras 的卷积层不能同时使用 strides > 1 和 dilation_rate > 1（收到 strides={strides}，dilation_rate={dilation_rate}）。",
        "en": "Keras convolution layers do not allow strides > 1 together with dilation_rate > 1 (got strides={strides}, dilation_rate={dilation_rate}).",
    },
    "shapes.output_padding": {
        "zh": "output_padding 必须小于 strides（收到 output_padding={output_padding}，strides={strides}）。",
        "en": "output_padding must be smaller than strides (got output_padding={output_padding}, strides={strides}).",
    },
    "shapes.too_small": {
        "zh": "输入太短：{text}，输出长度不是正数。窗口比（补零后的）输入还大。",
        "en": "The input is too short: {text}, so the output length is not positive. The window is larger than the (padded) input.",
    },
    # ---------------------------------------------------------------- trace
    "shapes.trace_caption": {"zh": "模型 {name} 的逐层形状", "en": "Model {name}, layer by layer"},
    "shapes.col.index": {"zh": "#", "en": "#"},
    "shapes.col.layer": {"zh": "层（类型）", "en": "Layer (type)"},
    "shapes.col.output": {"zh": "输出形状", "en": "Output shape"},
    "shapes.col.params": {"zh": "参数个数", "en": "Params"},
    "shapes.col.how": {"zh": "形状是怎么算出来的", "en": "How the shape comes about"},
    "shapes.total": {"zh": "参数总数", "en": "Total parameters"},
    "shapes.trainable": {"zh": "其中可训练 {n}", "en": "{n} trainable"},
    "shapes.shared_params": {"zh": "（共享）", "en": "(shared)"},
    "shapes.axis.steps": {"zh": "时间步", "en": "steps"},
    "shapes.axis.height": {"zh": "高", "en": "height"},
    "shapes.axis.width": {"zh": "宽", "en": "width"},
    "shapes.axis.depth": {"zh": "深", "en": "depth"},
    "shapes.axis.channels": {"zh": "通道", "en": "channels"},
    "shapes.axis.features": {"zh": "展平", "en": "flattened"},
    "shapes.axis.global": {"zh": "去掉空间维", "en": "spatial axes removed"},
    "shapes.axis.reshape": {"zh": "重排", "en": "reshape"},
    "shapes.axis.permute": {"zh": "换轴", "en": "permute"},
    "shapes.axis.concat": {"zh": "拼接", "en": "concatenate"},
    "shapes.axis.embedding": {"zh": "每个编号变成向量", "en": "each id becomes a vector"},
    "shapes.axis.rnn_seq": {"zh": "每个时间步都输出", "en": "an output per step"},
    "shapes.axis.rnn_last": {"zh": "只输出最后一步", "en": "last step only"},
    "shapes.axis.dense": {"zh": "最后一维", "en": "last axis"},
    "shapes.note.dense_nd": {
        "zh": "注意：Dense 的输入是 {shape}，它只作用在最后一维上。如果想要一个向量，前面需要 Flatten。",
        "en": "Note: Dense received {shape} and acts on the last axis only. If you wanted one vector per sample, add Flatten before it.",
    },
    "shapes.note.shared": {
        "zh": "共享层的第 {call} 次调用：权重与第一次调用相同。",
        "en": "Call {call} of a shared layer: same weights as the first call.",
    },
    # ---------------------------------------------------------------- diagnose
    "shapes.diag_caption": {"zh": "诊断 {name}，输入形状 {shape}（不含批次维度）", "en": "Diagnosis of {name}, input shape {shape} (without the batch axis)"},
    "shapes.diag.ok": {
        "zh": "✓ 全部 {count} 层都能搭建，最终输出形状 {output}。",
        "en": "✓ All {count} layers build; the final output shape is {output}.",
    },
    "shapes.diag.failed": {
        "zh": "✗ 第 {position} 层（layers[{index}]）{name}（{cls}）无法搭建。",
        "en": "✗ Layer {position} (layers[{index}]), {name} ({cls}), cannot be built.",
    },
    "shapes.diag.failed_call": {
        "zh": "✗ 第 {position} 个被调用的层 {name}（{cls}）无法搭建。",
        "en": "✗ Layer {name} ({cls}) cannot be built; it is number {position} in the order the function calls its layers.",
    },
    "shapes.diag.outside": {
        "zh": "✗ 搭建模型时出错（{etype}），但不是在某个层里：请检查函数中层以外的代码。",
        "en": "✗ Building the model failed ({etype}), but not inside a layer: check the code around the layers.",
    },
    "shapes.diag.received": {"zh": "它收到的输入形状：{shape}", "en": "The input it received: {shape}"},
    "shapes.diag.needs": {"zh": "它需要：{text}", "en": "What it needs: {text}"},
    "shapes.diag.keras_said": {"zh": "Keras 的原始报错：{message}", "en": "Keras's own message: {message}"},
    "shapes.need.ndim": {"zh": "{ndim} 维的输入 {pattern}", "en": "a {ndim}-D input {pattern}"},
    "shapes.need.dense": {
        "zh": "至少 2 维的输入，且最后一维的大小已知",
        "en": "an input of at least 2 axes whose last axis has a known size",
    },
    "shapes.need.merge": {
        "zh": "一个由多个张量组成的列表，除拼接轴以外形状一致",
        "en": "a list of several tensors whose shapes agree (except along the concatenation axis)",
    },
    "shapes.need.axis": {"zh": "第 {axis} 轴的大小为 {size}", "en": "size {size} on axis {axis}"},
    "shapes.hint.return_sequences": {
        "zh": "前一层 {prev} 只输出了最后一个时间步（return_sequences=False），所以只剩 2 维。要把序列交给下一个循环层，请在 {prev} 里设 return_sequences=True。",
        "en": "The previous layer, {prev}, returned only its last step (return_sequences=False), leaving 2 axes. To pass a sequence on to another recurrent layer, set return_sequences=True on {prev}.",
    },
    "shapes.hint.flat_before_spatial": {
        "zh": "前一层 {prev}（{prev_cls}）已经把空间维去掉了，这一层却还需要它们。把 Flatten / Dense / 全局池化放到卷积和池化之后。",
        "en": "The previous layer, {prev} ({prev_cls}), already removed the spatial axes this layer needs. Put Flatten / Dense / global pooling after the convolution and pooling layers.",
    },
    "shapes.hint.add_channel_axis": {
        "zh": "少了通道维：灰度图也要写成 keras.Input(shape={fixed})，或在前面加 layers.Reshape({fixed})。",
        "en": "The channels axis is missing: even a grayscale image needs keras.Input(shape={fixed}), or put layers.Reshape({fixed}) in front.",
    },
    "shapes.hint.too_few_axes": {
        "zh": "收到的输入只有 {got} 维，而这一层需要 {ndim} 维。检查输入形状，或用 Reshape 补齐缺的维。",
        "en": "The input has {got} axes, but this layer needs {ndim}. Check the input shape, or add the missing axes with Reshape.",
    },
    "shapes.hint.too_many_axes": {
        "zh": "收到的输入有 {got} 维，而 {cls} 需要 {ndim} 维。是不是选错了层（例如图像该用 Conv2D 而不是 Conv1D）？或者先用 Reshape / Flatten 去掉多余的维。",
        "en": "The input has {got} axes, but {cls} needs {ndim}. Is it the wrong layer (images need Conv2D, not Conv1D)? Or remove the extra axes with Reshape / Flatten first.",
    },
    "shapes.hint.rnn_too_many": {
        "zh": "循环层读取 (批次, 时间步, 特征) 三维输入，收到的却有 {got} 维。用 Reshape((时间步, -1)) 把每一步的特征展平。",
        "en": "Recurrent layers read (batch, steps, features), 3 axes, but this input has {got}. Use Reshape((steps, -1)) to flatten each step's features.",
    },
    "shapes.hint.built_for": {
        "zh": "这一层之前已经在第 {axis} 轴大小为 {size} 的输入上搭建过了，现在收到的是 {got}。一个层的权重形状一旦确定就不能再变：请新建一个层，或检查共享层的输入。",
        "en": "This layer was already built for size {size} on axis {axis}, and now receives {got}. A layer's weight shapes are fixed once built: create a new layer, or check the inputs of the shared layer.",
    },
    "shapes.hint.axis_size": {
        "zh": "第 {axis} 轴应为 {size}，收到的是 {got}。",
        "en": "Axis {axis} should be {size}; got {got}.",
    },
    "shapes.hint.too_small": {
        "zh": "第 {axis} 轴只有 {n}，太短了：{arith}。可以改用 padding=\"same\"、更小的窗口，或减少前面的池化层。",
        "en": "Axis {axis} is only {n} long, too short: {arith}. Use padding=\"same\", a smaller window, or fewer pooling layers before it.",
    },
    "shapes.hint.reshape_size": {
        "zh": "Reshape 不能改变数的个数：每个样本有 {arith} 个数，而 {target} 需要 {target_arith} 个（-1 必须能整除）。",
        "en": "Reshape cannot change how many numbers there are: each sample has {arith}, but {target} needs {target_arith} (and -1 must divide evenly).",
    },
    "shapes.hint.merge_needs_list": {
        "zh": "合并层要在一个张量列表上调用，例如 layers.Concatenate()([a, b])。在 Sequential 或层的列表里没法这样用，请改用函数式 API。",
        "en": "A merge layer is called on a list of tensors, e.g. layers.Concatenate()([a, b]). That is impossible inside a Sequential or a list of layers: use the functional API.",
    },
    "shapes.hint.concat_mismatch": {
        "zh": "Concatenate 沿 axis={axis} 拼接，其他轴的大小必须相同；收到的形状是 {shapes}。",
        "en": "Concatenate joins along axis={axis}; all other axes must have the same size. The shapes received: {shapes}.",
    },
    "shapes.hint.merge_mismatch": {
        "zh": "逐元素合并（Add、Multiply 等）要求所有输入形状相同；收到的形状是 {shapes}。",
        "en": "Element-wise merges (Add, Multiply, …) need inputs of the same shape; the shapes received: {shapes}.",
    },
    "shapes.hint.dense_unknown_last": {
        "zh": "输入 {shape} 的最后一维是 None，Dense 没法确定权重矩阵有几行。请给出最后一维的大小。",
        "en": "The last axis of {shape} is None, so Dense cannot tell how many rows its kernel needs. Give the last axis a size.",
    },
    "shapes.hint.got_list": {
        "zh": "这一层只接受一个张量，却收到了 {count} 个组成的列表 {shapes}。只传其中一个，或改用合并层（Concatenate、Add 等）先把它们合起来。",
        "en": "This layer takes one tensor but received a list of {count}: {shapes}. Pass one of them, or join them first with a merge layer (Concatenate, Add, …).",
    },
    "shapes.hint.got_list_state": {
        "zh": "前一层 {prev} 设了 return_state=True，所以输出的是 [输出, 状态…] 这 {count} 个张量 {shapes}。请拆开再用：out, state = {prev}(x)，只把 out 交给这一层。",
        "en": "The previous layer, {prev}, has return_state=True, so it returns [output, state…], {count} tensors: {shapes}. Unpack them, out, state = {prev}(x), and pass only out on.",
    },
    "shapes.hint.not_a_tensor": {
        "zh": "这一层收到的不是张量（{got}）。检查前一层的输出，例如 return_state=True 时循环层会返回一个列表。",
        "en": "This layer did not receive a tensor ({got}). Check the previous layer's output; a recurrent layer with return_state=True returns a list, for example.",
    },
    "shapes.hint.generic": {
        "zh": "请对照下面 Keras 的原始报错，检查这一层的参数与收到的输入形状。",
        "en": "Compare the layer's arguments and the input shape it received with Keras's own message below.",
    },
}
