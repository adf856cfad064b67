<?php
$databases['default']['default']['database'] = 'brook_local';
